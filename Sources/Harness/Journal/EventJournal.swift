import Foundation
import LogVocabulary
import Scenario

/// The live, thread-safe recorder behind a ``RunJournal``: worker lines, exits, timeline records
/// and results are appended from many threads while the scenario runs.
///
/// Worker lines are an append-only stream: collectors ``subscribe(_:)`` to it (they get the lines
/// recorded so far, then each new one, in order) instead of polling the record, and
/// ``stream(to:)`` writes each line to disk as it happens (``EventStreamFile``), with the proxies'
/// link events and the metrics scrapes.
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
  /// What was recorded, written to the stream and dropped from memory, per kind (start-up
  /// records wait for the workload start, which shifts their times, before they are written).
  private var lines = HeldRecords()
  private var links = HeldRecords()
  private var scrapes = HeldRecords()
  /// Scrapes not written yet, whole (the held copies keep only the selected samples).
  private var waitingScrapes: [MetricScrape] = []
  private var workloadStarted = false
  /// nil: every record stays in memory. Otherwise only the latest lines, link events and scrapes
  /// (at least this many of each) do; the checkers read the tallies kept as lines arrive, or
  /// replay the stream on disk (``StreamReplay``).
  private let retainedEvents: Int?
  /// The selectors of the `metric:` expectations: a scrape is held with only their samples.
  private let selectors: [MetricSelector]

  public init(scenario: ScenarioSummary, clock: RunClock = RunClock(), retainedEvents: Int? = nil) {
    self.clock = clock
    self.retainedEvents = retainedEvents
    selectors = (scenario.plottedMetrics ?? []).compactMap { try? MetricSelector.parse($0).get() }
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
    for index in (journal.metrics ?? []).indices { journal.metrics![index].time -= shift }
    for index in waitingScrapes.indices { waitingScrapes[index].time -= shift }
    workloadStarted = true
    if streamFile == nil { waitingScrapes = [] }
    flushStreamLocked()
  }

  /// Writes every record to `file` from now on (those recorded before the workload start once it starts).
  public func stream(to file: EventStreamFile) {
    lock.lock()
    defer { lock.unlock() }
    streamFile = file
    if workloadStarted { flushStreamLocked() }
  }

  /// The stream's path, nil when there is none.
  public var streamPath: String? {
    lock.lock()
    defer { lock.unlock() }
    return streamFile?.path
  }

  /// Writes the records not written yet and the closing line with the rest of the run.
  public func finishStream(_ outcome: RunOutcome) {
    lock.lock()
    let file = streamFile
    flushStreamLocked()
    streamFile = nil
    lock.unlock()
    file?.finish(outcome)
  }

  /// Writes the held records not written yet, each kind in order.
  private func flushStreamLocked() {
    guard let streamFile else { return }
    lines.flush(journal.events) { streamFile.write($0) }
    links.flush(journal.links ?? []) { streamFile.write($0) }
    for scrape in waitingScrapes { streamFile.write(scrape) }
    scrapes.streamed += waitingScrapes.count
    waitingScrapes = []
  }

  /// Drops the oldest records beyond the retention, once written to the stream (or when there is none).
  private func trimLocked() {
    guard retainedEvents != nil, workloadStarted else { return }
    let streaming = streamFile != nil
    lines.trim(&journal.events, retained: retainedEvents, streaming: streaming)
    if lines.dropped > 0 { journal.droppedEvents = lines.dropped }
    if journal.links != nil {
      links.trim(&journal.links!, retained: retainedEvents, streaming: streaming)
      if links.dropped > 0 { journal.droppedLinks = links.dropped }
    }
    if journal.metrics != nil {
      scrapes.trim(&journal.metrics!, retained: retainedEvents, streaming: streaming)
      if scrapes.dropped > 0 { journal.droppedScrapes = scrapes.dropped }
    }
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
      sequence: lines.recorded, time: clock.now() - offset, instance: instance, role: role,
      generation: generation, text: line, fields: fields)
    lines.recorded += 1
    journal.events.append(event)
    if journal.jobTally == nil, event.message == LogEvent.jobDone, let job = event["job"]?.stringValue {
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

  /// Records a proxy's link event: written to the stream, held in `links`.
  public func record(link: LinkRecord) {
    lock.lock()
    defer { lock.unlock() }
    if journal.links == nil { journal.links = [] }
    journal.links!.append(link)
    links.recorded += 1
    if workloadStarted { flushStreamLocked() }
    trimLocked()
  }

  /// Records one scrape: written whole to the stream, held in `metrics` with only the samples a
  /// `metric:` expectation selects (and its metric names in `metricNames`).
  public func record(scrape: MetricScrape) {
    var held = scrape
    held.samples = scrape.samples.filter { sample in
      selectors.contains { $0.matches(name: sample.name, labels: sample.labels) }
    }
    lock.lock()
    defer { lock.unlock() }
    if journal.metrics == nil { journal.metrics = [] }
    journal.metricNames = (journal.metricNames ?? []).union(scrape.samples.map(\.name))
    journal.metrics!.append(held)
    scrapes.recorded += 1
    if streamFile != nil || !workloadStarted { waitingScrapes.append(scrape) }
    if workloadStarted { flushStreamLocked() }
    trimLocked()
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
    // A bounded journal's tally knows the same jobs (its first completions): not kept twice.
    return journal.jobTally?.firstDone.count ?? completedJobs.count
  }

  /// The events recorded from sequence number `start` on (those still held).
  public func events(from start: Int) -> [WorkerEvent] {
    lock.lock()
    defer { lock.unlock() }
    let first = journal.events.first?.sequence ?? lines.recorded
    guard start < lines.recorded else { return [] }
    return Array(journal.events[max(start - first, 0)...])
  }

  /// A copy of the journal as it stands.
  public func snapshot() -> RunJournal {
    lock.lock()
    defer { lock.unlock() }
    return journal
  }
}
