/// What one shard of a proxy (its links on one loop) adds to the proxy's counters: closed links
/// plus open ones. Gathered from every loop for `GET /metrics` and the taps.
struct ShardCounters {
  /// Bytes read from the source of each direction (0 upstream, 1 downstream).
  var received = Pair(0, 0)
  /// Bytes handed on to the destination of each direction, after the toxics.
  var sent = Pair(0, 0)
  var openLinks = 0
  /// What the taps saw.
  var tap = TapReport()

  /// Adds what `link` carried and what its tap saw.
  mutating func add(_ link: Link) {
    for direction in 0..<2 {
      received[direction] += link.bytes[direction]
      sent[direction] += link.sent[direction]
    }
    if let tap = link.tap { self.tap.add(tap.ledger.report) }
  }
}
