import Foundation

/// `--json FILE`: the journals of the scenarios run, as one JSON document
/// (`{"scenarios": [{"status": …, "journal": {…}}]}`), and back.
public enum JournalFile {
  /// One scenario's entry in the file.
  public struct Entry: Codable, Sendable, Equatable {
    /// `passed`, `failed` or `could not run: <reason>`.
    public var status: String
    public var exitCode: Int32
    public var wallTime: Double
    public var journal: RunJournal
  }

  public struct Document: Codable, Sendable, Equatable {
    public var scenarios: [Entry]
    /// The suite's wall time, timelines, their ratio and RabbitMQ nodes (absent in older files).
    public var suite: SuiteTiming?
  }

  public static func encode(_ outcomes: [RunOutcome], suite: SuiteTiming? = nil) throws -> Data {
    let entries = outcomes.map { outcome in
      let status: String
      switch outcome.status {
      case .passed: status = "passed"
      case .failed: status = "failed"
      case .couldNotRun(let reason): status = "could not run: \(reason)"
      }
      return Entry(
        status: status, exitCode: outcome.exitCode, wallTime: outcome.wallTime, journal: outcome.journal)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(timestampFormatter().string(from: date))
    }
    return try encoder.encode(Document(scenarios: entries, suite: suite))
  }

  public static func decode(_ data: Data) throws -> Document {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = timestampFormatter().date(from: text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "not an RFC 3339 time: \(text)")
      }
      return date
    }
    return try decoder.decode(Document.self, from: data)
  }

  /// RFC 3339 with milliseconds, like the workers' `ts`.
  private static func timestampFormatter() -> ISO8601DateFormatter {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter
  }
}
