import Foundation
import LogVocabulary

/// The live, thread-safe recorder behind a ``RunJournal``: worker lines, exits, timeline records
/// and results are appended from many threads while the scenario runs.
///
/// Worker lines are an append-only stream: collectors ``subscribe(_:)`` to it (they get the lines
/// recorded so far, then each new one, in order) instead of polling the record, and
/// ``stream(to:)`` writes each line to disk as it happens (``EventStreamFile``).
///
/// Times are seconds on the run's monotonic clock. Until ``markWorkloadStart()`` they count from
/// the run's start; at that moment everything recorded so far is shifted so that every time in the
/// journal counts from the workload's start (start-up lines get negative times).
public final class EventJournal: @unchecked Sendable {
  private let lock = NSLock()
  private let clock: RunClock
  private var journal: RunJournal
  private var offset: Double = 0
  private var completedJobs: Set<String> = []
  /// Held while subscribers are called, so that they see the events in order.
  private let delivery = NSLock()
  private var subscribers: [Int: @Sendable (WorkerEvent) -> Void] = [:]
  private var nextSubscriber = 0
  private var streamFile: EventStreamFile?
  /// Events written to the stream so far (start-up lines wait for the workload start, which shifts
  /// their times).
  private var streamed = 0
  private var workloadStarted = false
  /// nil: every line stays in memory. Otherwise only the latest lines (at least this many) do; the
  /// checkers read the tallies kept as lines arrive, and the rest is in the stream on disk.
  private let retainedEvents: Int?
  /// Lines recorded so far (their `sequence` numbers), held or not.
  private var recorded = 0

  public init(scenario: ScenarioSummary, clock: RunClock = RunClock(), retainedEvents: Int? = nil) {
    self.clock = clock
    self.retainedEvents = retainedEvents
    journal = RunJournal(scenario: scenario)
    if retainedEvents != nil {
      journal.jobTally = JobTally()
      journal.ackTally = AckTally()
    }
  }

  /// Seconds since the workload started (or since the run started, before that).
  public func now() -> Double {
    lock.lock()
    defer { lock.unlock() }
    return clock.now() - offset
  }

  /// From now on times count from here; earlier records are shifted.
  public func markWorkloadStart() {
    lock.lock()
    defer { lock.unlock() }
    let start = clock.now()
    let shift = start - offset
    offset = start
    journal.workloadStartOffset = start
    for index in journal.events.indices { journal.events[index].time -= shift }
    for index in journal.exits.indices { journal.exits[index].time -= shift }
    for index in (journal.links ?? []).indices { journal.links![index].time -= shift }
    workloadStarted = true
    flushStreamLocked()
  }

  /// Writes every event to `file` from now on (those recorded before the workload start once it starts).
  public func stream(to file: EventStreamFile) {
    lock.lock()
    defer { lock.unlock() }
    streamFile = file
    if workloadStarted { flushStreamLocked() }
  }

  /// Writes the events not written yet and the closing line with the rest of the run.
  public func finishStream(_ outcome: RunOutcome) {
    lock.lock()
    let file = streamFile
    flushStreamLocked()
    streamFile = nil
    lock.unlock()
    file?.finish(outcome)
  }

  /// Writes the held lines not written yet (by sequence number).
  private func flushStreamLocked() {
    guard let streamFile, let first = journal.events.first?.sequence else { return }
    for event in journal.events[max(streamed - first, 0)...] { streamFile.write(event) }
    streamed = recorded
  }

  /// Drops the oldest lines beyond the retention, once written to the stream (or when there is none).
  private func trimLocked() {
    guard let retainedEvents, journal.events.count > 2 * retainedEvents, workloadStarted else { return }
    let first = journal.events.first?.sequence ?? 0
    let written = streamFile == nil ? journal.events.count : streamed - first
    let drop = min(journal.events.count - retainedEvents, written)
    guard drop > 0 else { return }
    journal.events.removeFirst(drop)
    journal.droppedEvents = (journal.droppedEvents ?? 0) + drop
  }

  /// Calls `handler` with every worker line recorded so far, then with each new one as it is
  /// recorded, in order, until the subscription is cancelled. The handler runs on the recording
  /// thread and must not record into this journal.
  public func subscribe(_ handler: @escaping @Sendable (WorkerEvent) -> Void) -> JournalSubscription {
    lock.lock()
    let id = nextSubscriber
    nextSubscriber += 1
    subscribers[id] = handler
    let past = journal.events
    delivery.lock()
    lock.unlock()
    for event in past { handler(event) }
    delivery.unlock()
    return JournalSubscription { [weak self] in self?.unsubscribe(id) }
  }

  private func unsubscribe(_ id: Int) {
    lock.lock()
    defer { lock.unlock() }
    subscribers[id] = nil
  }

  /// Records a line from a worker and returns the event.
  @discardableResult
  public func record(line: String, instance: String, role: String, generation: Int) -> WorkerEvent {
    let fields = WorkerEvent.parseFields(line)
    lock.lock()
    let event = WorkerEvent(
      sequence: recorded, time: clock.now() - offset, instance: instance, role: role,
      generation: generation, text: line, fields: fields)
    recorded += 1
    journal.events.append(event)
    if event.message == LogEvent.jobDone, let job = event["job"]?.stringValue {
      completedJobs.insert(job)
    }
    journal.jobTally?.add(event)
    journal.ackTally?.add(event)
    if workloadStarted { flushStreamLocked() }
    trimLocked()
    let handlers = subscribers.values
    delivery.lock()
    lock.unlock()
    for handler in handlers { handler(event) }
    delivery.unlock()
    return event
  }

  /// Records a proxy's link event.
  public func record(link: LinkRecord) {
    update { journal in
      if journal.links == nil { journal.links = [] }
      journal.links!.append(link)
    }
  }

  public func record(exit: WorkerExit) {
    update { $0.exits.append(exit) }
  }

  /// Adds a step record and returns its position.
  public func record(step: StepRecord) {
    update { $0.timeline.append(step) }
  }

  /// Changes the record of timeline step `index`.
  public func updateStep(_ index: Int, _ change: (inout StepRecord) -> Void) {
    update { journal in
      if let position = journal.timeline.firstIndex(where: { $0.index == index }) {
        change(&journal.timeline[position])
      }
    }
  }

  public func update(_ change: (inout RunJournal) -> Void) {
    lock.lock()
    defer { lock.unlock() }
    change(&journal)
  }

  public func error(_ message: String) {
    update { $0.errors.append(message) }
  }

  /// Distinct jobs completed so far (any `job.done`: one logged with `duplicate: true` also proves
  /// its job done, and is the only line a completion whose Redis reply was lost ever gets).
  public var completedJobCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return completedJobs.count
  }

  /// The events recorded from sequence number `start` on (those still held).
  public func events(from start: Int) -> [WorkerEvent] {
    lock.lock()
    defer { lock.unlock() }
    let first = journal.events.first?.sequence ?? recorded
    guard start < recorded else { return [] }
    return Array(journal.events[max(start - first, 0)...])
  }

  /// A copy of the journal as it stands.
  public func snapshot() -> RunJournal {
    lock.lock()
    defer { lock.unlock() }
    return journal
  }
}
