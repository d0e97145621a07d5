/// The bookkeeping of one kind of stream record (worker lines, link events, scrapes) that the
/// journal holds in memory and writes to its stream on disk: how many were recorded, written and
/// dropped from memory. The held ones are always the latest: `held.count == recorded - dropped`.
struct HeldRecords {
  var recorded = 0
  var streamed = 0
  var dropped = 0

  /// Writes the held records not written yet, in order.
  mutating func flush<Record>(_ held: [Record], _ write: (Record) -> Void) {
    let start = max(streamed - dropped, 0)
    if start < held.count {
      for record in held[start...] { write(record) }
    }
    streamed = recorded
  }

  /// Drops the oldest held records beyond `retained` (once there are a quarter more, so that it
  /// happens in batches: each costs a move of the records held), only those already written when
  /// there is a stream.
  mutating func trim<Record>(_ held: inout [Record], retained: Int?, streaming: Bool) {
    guard let retained, held.count > retained + max(retained / 4, 1) else { return }
    let written = streaming ? streamed - dropped : held.count
    let drop = min(held.count - retained, written)
    guard drop > 0 else { return }
    held.removeFirst(drop)
    dropped += drop
  }
}
