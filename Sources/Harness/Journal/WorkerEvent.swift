import Foundation

/// One line a worker wrote on stdout, as the harness received it.
///
/// A JSON line (docs/log-events.md) keeps its fields; any other line is kept as text, never
/// dropped. `time` is the arrival time in seconds on the run's monotonic clock, counted from the
/// start of the workload (lines from start-up have negative times).
public struct WorkerEvent: Sendable, Equatable, Codable {
  /// Arrival order over the whole run, from 0.
  public var sequence: Int
  /// Arrival time, seconds since the workload started.
  public var time: Double
  /// The worker instance, e.g. `downloader#2`.
  public var instance: String
  /// The worker's name in `workers:` (a built-in's role: `scanner`, `downloader`, …; `celery`).
  public var role: String
  /// Which process of the instance wrote it: 1 for the first, +1 after each restart.
  public var generation: Int
  /// The line as written.
  public var text: String
  /// The JSON fields, nil when the line was not a JSON object.
  public var fields: [String: JSONValue]?

  public init(
    sequence: Int, time: Double, instance: String, role: String, generation: Int, text: String,
    fields: [String: JSONValue]?
  ) {
    self.sequence = sequence
    self.time = time
    self.instance = instance
    self.role = role
    self.generation = generation
    self.text = text
    self.fields = fields
  }

  /// Parses `text` as a JSON object; a line that is not one keeps `fields` nil.
  public static func parseFields(_ text: String) -> [String: JSONValue]? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("{") else { return nil }
    return try? JSONDecoder().decode([String: JSONValue].self, from: Data(trimmed.utf8))
  }

  /// `msg` of a JSON line; nil for a text line.
  public var message: String? { fields?["msg"]?.stringValue }

  /// The text assertions match against: `msg` for a JSON line, the whole line otherwise.
  public var matchText: String { message ?? text }

  /// True when a `from:` selector names this line's worker (`celery`) or its instance (`celery.2`).
  public func isFrom(_ selector: String) -> Bool {
    role == selector || instance == selector
  }

  public var level: String? { fields?["level"]?.stringValue }

  public subscript(field: String) -> JSONValue? { fields?[field] }

  /// The worker's own timestamp (`ts`, RFC 3339 with milliseconds), when it logged one.
  public var loggedAt: Date? {
    guard let ts = fields?["ts"]?.stringValue else { return nil }
    return WorkerEvent.parseTimestamp(ts)
  }

  static func parseTimestamp(_ text: String) -> Date? {
    let withFraction = ISO8601DateFormatter()
    withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = withFraction.date(from: text) { return date }
    let plain = ISO8601DateFormatter()
    plain.formatOptions = [.withInternetDateTime]
    return plain.date(from: text)
  }

  /// `[ 12.345s] downloader#1 Redis reconnection successful`, for evidence.
  public var evidenceLine: String {
    "[\(Seconds.format(time))] \(instance) \(text)"
  }
}
