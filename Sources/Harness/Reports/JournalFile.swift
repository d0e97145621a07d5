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
    let encoder = encoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(Document(scenarios: outcomes.map(entry), suite: suite))
  }

  /// One scenario's entry on one line (the closing line of an ``EventStreamFile``).
  static func encodeEntry(_ outcome: RunOutcome) throws -> Data {
    try encoder().encode(entry(outcome))
  }

  static func entry(_ outcome: RunOutcome) -> Entry {
    let status: String
    switch outcome.status {
    case .passed: status = "passed"
    case .failed: status = "failed"
    case .couldNotRun(let reason): status = "could not run: \(reason)"
    }
    return Entry(
      status: status, exitCode: outcome.exitCode, wallTime: outcome.wallTime, journal: outcome.journal)
  }

  /// A `--json` document, or an event stream (`RUN.events.jsonl`, one line per record) replayed.
  public static func decode(_ data: Data) throws -> Document {
    if EventStreamFile.isStream(data) {
      return Document(scenarios: [try EventStreamFile.replay(data)], suite: nil)
    }
    do {
      return try decoder().decode(Document.self, from: data)
    } catch {
      // A stream whose run recorded nothing before its closing line.
      guard let entry = try? EventStreamFile.replay(data) else { throw error }
      return Document(scenarios: [entry], suite: nil)
    }
  }

  static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(timestampFormatter().string(from: date))
    }
    return encoder
  }

  static func decoder() -> JSONDecoder {
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
    return decoder
  }

  /// RFC 3339 with milliseconds, like the workers' `ts`.
  private static func timestampFormatter() -> ISO8601DateFormatter {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter
  }
}
