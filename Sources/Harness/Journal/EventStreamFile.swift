import Foundation

/// The journal's records on disk as they happen: one JSON line per record — a worker line
/// (`{"event": {…}}`), a proxy's link event (`{"link": {…}}`) or a metrics scrape (`{"scrape": {…}}`,
/// every sample) — and at the end one line with the rest of the run (`{"status", "exitCode",
/// "wallTime", "journal"}`, the journal without those records). ``replay(_:)`` reads such a file
/// back into a run, so `chaos report RUN.events.jsonl` works on it like on a `--json` file;
/// ``StreamReplay`` reads it back keeping only what some checkers need.
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

  /// One line of the stream: exactly one of the three is set (none on the closing line).
  struct Line: Codable {
    var event: WorkerEvent?
    var link: LinkRecord?
    var scrape: MetricScrape?

    var isRecord: Bool { event != nil || link != nil || scrape != nil }
  }

  /// Appends one worker line.
  public func write(_ event: WorkerEvent) {
    write(Line(event: event))
  }

  /// Appends one link event.
  public func write(_ link: LinkRecord) {
    write(Line(link: link))
  }

  /// Appends one scrape, whole.
  public func write(_ scrape: MetricScrape) {
    write(Line(scrape: scrape))
  }

  private func write(_ line: Line) {
    guard let data = try? encoder.encode(line) else { return }
    append(data)
  }

  /// Appends the closing line: the run without the records already written.
  public func finish(_ outcome: RunOutcome) {
    var outcome = outcome
    outcome.journal.events = []
    if outcome.journal.links != nil { outcome.journal.links = [] }
    if outcome.journal.metrics != nil { outcome.journal.metrics = [] }
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

  /// True when `data` starts like a file written by this class.
  static func isStream(_ data: Data) -> Bool {
    [#"{"event""#, #"{"link""#, #"{"scrape""#].contains { data.starts(with: Data($0.utf8)) }
  }

  /// Reads a file written by this class: its closing entry with every record put back (and
  /// nothing counted as dropped: the file holds them all).
  public static func replay(_ data: Data) throws -> JournalFile.Entry {
    var events: [WorkerEvent] = []
    var links: [LinkRecord] = []
    var scrapes: [MetricScrape] = []
    var entry: JournalFile.Entry?
    let decoder = JournalFile.decoder()
    for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
      if let record = try? decoder.decode(Line.self, from: Data(line)), record.isRecord {
        if let event = record.event { events.append(event) }
        if let link = record.link { links.append(link) }
        if let scrape = record.scrape { scrapes.append(scrape) }
      } else {
        entry = try decoder.decode(JournalFile.Entry.self, from: Data(line))
      }
    }
    guard var entry else {
      throw HarnessError.invalid(
        "no closing line with the run: the run did not finish (\(events.count) events)")
    }
    entry.journal.events = events
    if !links.isEmpty || entry.journal.links != nil { entry.journal.links = links }
    if !scrapes.isEmpty || entry.journal.metrics != nil { entry.journal.metrics = scrapes }
    entry.journal.droppedEvents = nil
    entry.journal.droppedLinks = nil
    entry.journal.droppedScrapes = nil
    return entry
  }
}
