import Foundation
import LogVocabulary
import Scenario

/// Questions assertions ask about worker events.
enum EventQueries {
  /// A sign that the worker had trouble with a service of `kind`: a warning or error from its
  /// client (`component`/`service`), a seed message naming it, or `worker.waiting` for it.
  static func isFailure(_ event: WorkerEvent, kind: String) -> Bool {
    guard let message = event.message else { return false }
    if message == LogEvent.workerWaiting { return event["service"]?.stringValue == kind }
    guard let level = event.level, ["warning", "error", "critical"].contains(level) else { return false }
    return event["component"]?.stringValue == kind || event["service"]?.stringValue == kind
      || message.hasPrefix(LogEvent.displayName(kind) + " ")
  }

  /// A successful operation involving a service of `kind`: a (re)connection, or work done.
  static func isSuccess(_ event: WorkerEvent, kind: String) -> Bool {
    guard let message = event.message else { return false }
    return message == LogEvent.reconnected(kind) || message == LogEvent.connected(kind)
      || LogEvent.work.contains(message)
  }

  /// At most `limit` lines, then `… and N more`.
  static func capped(_ lines: [String], limit: Int = 10) -> [String] {
    lines.count <= limit ? lines : Array(lines.prefix(limit)) + ["… and \(lines.count - limit) more"]
  }
}

extension LogPattern {
  /// Substring for text, search for `/regex/`. An invalid regex matches nothing.
  func matches(_ text: String) -> Bool {
    switch self {
    case .text(let needle): return text.contains(needle)
    case .regex(let pattern):
      guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
      return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
  }

  var isValid: Bool {
    if case .regex(let pattern) = self { return (try? NSRegularExpression(pattern: pattern)) != nil }
    return true
  }
}
