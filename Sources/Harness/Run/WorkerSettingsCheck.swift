import Foundation
import LocalServices
import Scenario

/// Before a scenario with built-in workers starts anything: `chaos-worker settings` reads the
/// scenario's `settings:` as every worker would at start, and exits 2 naming the variable and its
/// range. The harness does not know the workers' settings table; it reports the worker's own
/// message at the `file:line:column` of the variable in the scenario (or `file:` when the variable
/// is not found in the file's text).
public enum WorkerSettingsCheck {
  public static func problems(_ model: ScenarioModel, workerBinary: String, timeout: Double = 30) -> [String]
  {
    guard model.workers.contains(where: { $0.role != nil && $0.count > 0 }) else { return [] }
    let lines = LineCollector()
    let status: Int32?
    do {
      let child = try ChildProcess(
        name: "chaos-worker settings", executable: workerBinary, arguments: ["settings"],
        environment: model.settings, output: .lines { lines.append($0) })
      status = child.wait(timeout: timeout) ?? child.terminate(grace: 1)
    } catch {
      return ["\(model.file): settings: could not run \(workerBinary) settings: \(error)"]
    }
    if status == 0 { return [] }
    // The pipe may deliver the last line just after the exit.
    for _ in 0..<20 where lines.all.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
    let message = lines.all.last { !$0.isEmpty }.map { String($0.trimmingPrefix("chaos-worker: ")) }
    guard let message else {
      return ["\(model.file): settings: `chaos-worker settings` exited with status \(status ?? -1)"]
    }
    return ["\(location(of: message, in: model.file)): settings: \(message)"]
  }

  /// `file:line:column` of the variable a message starts with (`NAME=value: …`), in `settings:`.
  static func location(of message: String, in file: String) -> String {
    let name = message.prefix { $0 != "=" && $0 != ":" }
    guard !name.isEmpty, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return file }
    var inSettings = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if !line.hasPrefix(" ") && !line.hasPrefix("\t") && !line.isEmpty {
        inSettings = line.hasPrefix("settings:")
      }
      let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "{" }
      if inSettings, trimmed.hasPrefix(name + ":") || line.contains(" \(name):") || line.contains("{\(name):")
      {
        let column = line.range(of: String(name) + ":").map {
          line.distance(from: line.startIndex, to: $0.lowerBound)
        }
        return "\(file):\(index + 1):\((column ?? 0) + 1)"
      }
    }
    return file
  }
}
