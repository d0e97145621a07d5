import Foundation
import Scenario

/// Runs the scenario's verdict command (`check:`) every `every` seconds from time 0, on its own
/// thread, keeping the last verdict in the journal, until cancelled. The run may end once a
/// verdict passed (and the timeline and workload are over); the runner then runs it once more.
final class VerdictLoop: @unchecked Sendable {
  private let command: VerdictCommand
  private let every: Double
  private let journal: EventJournal
  private let condition = NSCondition()
  private var cancelled = false
  private var thread: Thread?

  init(check: VerdictCheck, supervisor: Supervisor, journal: EventJournal) {
    command = Self.command(for: check, supervisor: supervisor)
    every = check.every
    self.journal = journal
  }

  /// The check's command as this run starts it: placeholders resolved, `settings` and its `env`.
  static func command(for check: VerdictCheck, supervisor: Supervisor) -> VerdictCommand {
    let environment = supervisor.baseEnvironment(worker: nil, extra: check.command.environment)
    return VerdictCommand(
      launch: supervisor.launch(check.command, environment: environment), display: check.command.displayText)
  }

  func start() {
    let started = Thread { [self] in
      var number = 0
      while !isCancelled {
        let began = Date()
        number += 1
        let verdict = command.run(number: number, journal: journal)
        if isCancelled { return }
        journal.update { $0.record(verdict: verdict) }
        condition.lock()
        let next = began.addingTimeInterval(every)
        while !cancelled && Date() < next { _ = condition.wait(until: next) }
        condition.unlock()
      }
    }
    started.name = "chaos-verdict"
    thread = started
    started.start()
  }

  private var isCancelled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelled
  }

  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }
}
