import Foundation

/// The journal's events on disk as they happen: one JSON line per event (`{"event": {…}}`), and at
/// the end one line with the rest of the run (`{"status", "exitCode", "wallTime", "journal"}`, the
/// journal without its events). ``replay(_:)`` reads such a file back into a run, so
/// `chaos report RUN.events.jsonl` works on it like on a `--json` file.
public final class EventStreamFile: @unchecked Sendable {
  public let path: String
  private let handle: FileHandle
  private let lock = NSLock()
  private let encoder = JournalFile.encoder()

  public init(path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw HarnessError.couldNotRun("cannot create \(path)")
    }
    self.path = path
    handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  }

  private struct EventLine: Codable {
    var event: WorkerEvent
  }

  /// Appends one event line.
  public func write(_ event: WorkerEvent) {
    guard let data = try? encoder.encode(EventLine(event: event)) else { return }
    append(data)
  }

  /// Appends the closing line: the run without its events.
  public func finish(_ outcome: RunOutcome) {
    var outcome = outcome
    outcome.journal.events = []
    if let data = try? JournalFile.encodeEntry(outcome) { append(data) }
    lock.lock()
    defer { lock.unlock() }
    try? handle.close()
  }

  private func append(_ data: Data) {
    lock.lock()
    defer { lock.unlock() }
    try? handle.write(contentsOf: data + Data("\n".utf8))
  }

  /// Reads a file written by this class: its closing entry with every event put back.
  public static func replay(_ data: Data) throws -> JournalFile.Entry {
    var events: [WorkerEvent] = []
    var entry: JournalFile.Entry?
    let decoder = JournalFile.decoder()
    for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
      if let event = try? decoder.decode(EventLine.self, from: Data(line)) {
        events.append(event.event)
      } else {
        entry = try decoder.decode(JournalFile.Entry.self, from: Data(line))
      }
    }
    guard var entry else {
      throw HarnessError.invalid(
        "no closing line with the run: the run did not finish (\(events.count) events)")
    }
    entry.journal.events = events
    return entry
  }
}
