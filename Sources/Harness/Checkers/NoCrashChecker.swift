import Scenario

/// `no crash`: no worker ended unexpectedly — every exit was asked for by the harness, and one
/// asked for with SIGTERM ended with status 0 (the graceful shutdown of the contract). Exits after
/// a SIGKILL the harness sent (`kill worker`) are expected whatever their status.
public struct NoCrashChecker: Checker {
  public static let witness = "exits"
  public static let needsEveryLine = false

  public static let key = "no crash"
  public static let isPhrase = true

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? { Self() }

  public init() {}

  public var description: String { "no crash" }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    var problems: [String] = []
    var unexpected = 0
    var evidence: [String] = []
    for exit in journal.exits {
      let line =
        "[\(Seconds.format(exit.time))] \(exit.instance) (pid \(exit.pid), process \(exit.generation))"
      switch exit.requestedSignal {
      case "SIGKILL"?:
        evidence.append("\(line) killed by the harness")
      case "SIGTERM"?:
        if exit.status == 0 {
          evidence.append("\(line) stopped cleanly on SIGTERM")
        } else {
          unexpected += 1
          problems.append("\(line) did not shut down cleanly on SIGTERM: status \(exit.status)")
        }
      default:
        if exit.status == 0 {
          evidence.append("\(line) exited on its own with status 0")
        } else {
          unexpected += 1
          problems.append("\(line) exited unexpectedly with status \(exit.status) (exit code or signal)")
          let last = journal.events.filter {
            $0.instance == exit.instance && $0.generation == exit.generation
          }.suffix(3)
          problems += last.map { "    last words: \($0.evidenceLine)" }
        }
      }
    }
    let all = problems + EventQueries.capped(evidence)
    if unexpected > 0 {
      return .fail("\(unexpected) unexpected worker exit\(unexpected == 1 ? "" : "s")", all)
    }
    return .pass("\(journal.exits.count) worker exits, all expected", all)
  }
}
