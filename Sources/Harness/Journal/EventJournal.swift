import Foundation
import LogVocabulary

/// The live, thread-safe recorder behind a ``RunJournal``: worker lines, exits, timeline records
/// and results are appended from many threads while the scenario runs.
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

  public init(scenario: ScenarioSummary, clock: RunClock = RunClock()) {
    self.clock = clock
    journal = RunJournal(scenario: scenario)
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
  }

  /// Records a line from a worker and returns the event.
  @discardableResult
  public func record(line: String, instance: String, role: String, generation: Int) -> WorkerEvent {
    let fields = WorkerEvent.parseFields(line)
    lock.lock()
    defer { lock.unlock() }
    let event = WorkerEvent(
      sequence: journal.events.count, time: clock.now() - offset, instance: instance, role: role,
      generation: generation, text: line, fields: fields)
    journal.events.append(event)
    if event.message == LogEvent.jobDone, let job = event["job"]?.stringValue {
      completedJobs.insert(job)
    }
    return event
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

  /// The events recorded from position `start` on.
  public func events(from start: Int) -> [WorkerEvent] {
    lock.lock()
    defer { lock.unlock() }
    guard start < journal.events.count else { return [] }
    return Array(journal.events[max(start, 0)...])
  }

  /// A copy of the journal as it stands.
  public func snapshot() -> RunJournal {
    lock.lock()
    defer { lock.unlock() }
    return journal
  }
}
