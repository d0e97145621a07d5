import Foundation

/// The last lines of a log file, for error messages.
enum LogTail {
  static func lines(_ path: String, count: Int = 15) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
    let text = String(decoding: data, as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
  }
}
