import Foundation
import LocalServices
import Scenario

/// Runs a verdict command (`check:`, or `chaos-worker check` for built-in workers) once and reads
/// its ``CheckVerdict``. A command that does not finish within `timeout` is stopped and counts as
/// no verdict.
public struct VerdictCommand: Sendable {
  public let launch: WorkerLaunch
  /// The command as written, for messages.
  public let display: String

  public init(launch: WorkerLaunch, display: String) {
    self.launch = launch
    self.display = display
  }

  public func run(number: Int, journal: EventJournal, timeout: Double = 60) -> CheckVerdict {
    let lines = LineCollector()
    do {
      let child = try ChildProcess(
        name: "check", executable: launch.executable, arguments: launch.arguments,
        environment: launch.environment, workingDirectory: launch.workingDirectory,
        output: .lines { lines.append($0) })
      var status = child.wait(timeout: timeout)
      if status == nil {
        status = child.terminate(grace: 2, group: true)
        return CheckVerdict(
          time: journal.now(), run: number, exitStatus: status,
          problem: "`\(display)` did not finish within \(Int(timeout)) s\n" + lines.text)
      }
      // The pipe may deliver the last lines just after the exit.
      var fields: CheckVerdict.Fields?
      for _ in 0..<10 {
        fields = CheckVerdict.fields(in: lines.all)
        if fields != nil { break }
        Thread.sleep(forTimeInterval: 0.05)
      }
      guard let fields else {
        return CheckVerdict(
          time: journal.now(), run: number, exitStatus: status,
          problem: "`\(display)` printed no JSON object (exit \(status ?? -1)):\n" + lines.text)
      }
      return CheckVerdict(
        time: journal.now(), run: number, exitStatus: status, expected: fields.expected, done: fields.done,
        lost: fields.lost?.map(\.text), duplicates: fields.duplicates?.map(\.text))
    } catch {
      return CheckVerdict(
        time: journal.now(), run: number, exitStatus: nil, problem: "`\(display)` could not run: \(error)")
    }
  }
}
