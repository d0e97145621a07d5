/// `no crash`: no worker ended unexpectedly — every exit was asked for by the harness, and one
/// asked for with SIGTERM ended with status 0 (the graceful shutdown of the contract). Exits after
/// a SIGKILL the harness sent (`kill worker`) are expected whatever their status.
public struct NoCrashAssertion: ExpectationAssertion {
  public init() {}

  public func evaluate(_ journal: RunJournal) -> Verdict {
    var problems: [String] = []
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
          problems.append("\(line) did not shut down cleanly on SIGTERM: status \(exit.status)")
        }
      default:
        if exit.status == 0 {
          evidence.append("\(line) exited on its own with status 0")
        } else {
          problems.append("\(line) exited unexpectedly with status \(exit.status) (exit code or signal)")
        }
      }
    }
    let all = problems + EventQueries.capped(evidence)
    if !problems.isEmpty {
      return .fail("\(problems.count) unexpected worker exit\(problems.count == 1 ? "" : "s")", all)
    }
    return .pass("\(journal.exits.count) worker exits, all expected", all)
  }
}
