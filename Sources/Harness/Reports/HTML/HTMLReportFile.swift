import Foundation
import ProcessLifecycle

/// Writes `--report FILE.html` and says where, or why it could not.
public enum HTMLReportFile {
  /// Writes the report of a suite run; false (and a message on stderr) when the file cannot be written.
  @discardableResult
  public static func write(_ outcomes: [RunOutcome], to path: String, console: Console = .standardOutput())
    -> Bool
  {
    write(HTMLReport.render(outcomes), to: path, console: console)
  }

  @discardableResult
  public static func write(_ html: String, to path: String, console: Console = .standardOutput()) -> Bool {
    do {
      try html.write(toFile: path, atomically: true, encoding: .utf8)
      console.line("  report: \(path)")
      return true
    } catch {
      StandardStream.error.write("✘ could not write the report \(path): \(error)\n")
      return false
    }
  }
}
