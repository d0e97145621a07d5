import Foundation

/// Reads a run's event stream (``EventStreamFile``) back from disk once, keeping for each of some
/// ``StreamInterest``s only the records it wants: how a soak, which held only its latest records
/// in memory, judges the checkers that read every line, link event or scrape. The file is read in
/// chunks, one record at a time, so memory holds what the interests keep, never the whole stream.
enum StreamReplay {
  /// A copy of the journal with the records one interest kept in place of the ones held.
  struct Replayed {
    var journal: RunJournal
    /// Records kept, and records in the stream.
    var kept: Int
    var total: Int
  }

  /// Bytes read from the file at a time.
  static let chunk = 1 << 20

  /// For each interest, `journal` with its lines, links and scrapes replaced by those the
  /// interest keeps from the stream at `path` — plus the first line of each worker instance (the
  /// instance and its role) — and nothing counted as dropped; nil when the file cannot be read.
  static func replay(_ path: String, interests: [StreamInterest], into journal: RunJournal) -> [Replayed]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var base = journal
    base.events = []
    if base.links != nil { base.links = [] }
    if base.metrics != nil { base.metrics = [] }
    base.droppedEvents = nil
    base.droppedLinks = nil
    base.droppedScrapes = nil
    var replayed = interests.map { _ in Replayed(journal: base, kept: 0, total: 0) }
    var total = 0
    var seenInstances: Set<String> = []
    let decoder = JournalFile.decoder()
    func take(_ bytes: Data) {
      guard let line = try? decoder.decode(EventStreamFile.Line.self, from: bytes), line.isRecord else {
        return
      }
      total += 1
      if let event = line.event {
        let first = seenInstances.insert(event.instance).inserted
        for (index, interest) in interests.enumerated() where interest.line(event) || first {
          replayed[index].journal.events.append(event)
          replayed[index].kept += 1
        }
      } else if let link = line.link {
        for (index, interest) in interests.enumerated() where interest.link(link) {
          if replayed[index].journal.links == nil { replayed[index].journal.links = [] }
          replayed[index].journal.links!.append(link)
          replayed[index].kept += 1
        }
      } else if let scrape = line.scrape {
        for (index, interest) in interests.enumerated() {
          guard let kept = interest.scrape(scrape) else { continue }
          if replayed[index].journal.metrics == nil { replayed[index].journal.metrics = [] }
          replayed[index].journal.metrics!.append(kept)
          replayed[index].kept += 1
        }
      }
    }
    var pending = Data()
    while true {
      let data = (try? handle.read(upToCount: chunk)) ?? nil
      guard let data, !data.isEmpty else { break }
      pending.append(data)
      var start = pending.startIndex
      while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
        if newline > start { take(pending[start..<newline]) }
        start = pending.index(after: newline)
      }
      pending = Data(pending[start...])
    }
    if !pending.isEmpty { take(pending) }
    for index in replayed.indices { replayed[index].total = total }
    return replayed
  }
}
