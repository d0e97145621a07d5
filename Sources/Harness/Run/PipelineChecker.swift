import Foundation
import LocalServices
import LogVocabulary

/// Runs the pipeline checker, `chaos-worker check --expect N --verdict` — the default check command
/// of the built-in workers, one implementation of the check contract — with the workers'
/// environment, and reads its verdict (``CheckVerdict``) and the whole report under `pipeline`:
/// jobs done, stuck, lost, duplicated, and messages left per queue. The checker exits 1 when
/// something is lost, stuck or duplicated; the report is read either way.
public struct PipelineChecker: Sendable {
  public let executable: String
  public let environment: [String: String]

  public init(executable: String, environment: [String: String]) {
    self.executable = executable
    self.environment = environment
  }

  public func run(expecting jobs: Int, at time: Double, timeout: Double = 60) -> CheckerRun {
    let lines = LineCollector()
    do {
      let child = try ChildProcess(
        name: "chaos-worker check", executable: executable,
        arguments: ["check", "--expect", String(jobs), "--verdict"],
        environment: environment, output: .lines { lines.append($0) })
      var status = child.wait(timeout: timeout)
      if status == nil {
        status = child.terminate(grace: 2)
        return CheckerRun(
          time: time, exitStatus: status, report: nil,
          problem: "the checker did not finish within \(Int(timeout)) s\n" + lines.text)
      }
      // The pipe may deliver the last lines just after the exit.
      var report: PipelineReport?
      for _ in 0..<20 {
        report = PipelineChecker.decode(lines.all)
        if report != nil { break }
        Thread.sleep(forTimeInterval: 0.05)
      }
      guard let report else {
        return CheckerRun(
          time: time, exitStatus: status, report: nil,
          problem: "no JSON report in the checker's output (status \(status ?? -1)):\n" + lines.text)
      }
      return CheckerRun(time: time, exitStatus: status, report: report, problem: nil)
    } catch {
      return CheckerRun(
        time: time, exitStatus: nil, report: nil, problem: "the checker could not run: \(error)")
    }
  }

  /// The report of the last output line that holds one (under `pipeline`, or as the whole line).
  static func decode(_ lines: [String]) -> PipelineReport? {
    struct Wrapped: Decodable { var pipeline: PipelineReport }
    for line in lines.reversed() where line.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
      let data = Data(line.utf8)
      if let wrapped = try? JSONDecoder().decode(Wrapped.self, from: data) { return wrapped.pipeline }
      if let report = try? JSONDecoder().decode(PipelineReport.self, from: data) { return report }
    }
    return nil
  }
}

/// Lines handed over by a reader thread.
final class LineCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  func append(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    lines.append(line)
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }

  var text: String { all.suffix(30).joined(separator: "\n") }
}
