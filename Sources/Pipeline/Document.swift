/// The pipeline's deterministic "work": a document's content is derived from its id alone, and its
/// translation from its content alone, so that any worker (or the checker) can recompute what a
/// job's stored data must be and a corrupted or mixed-up job is caught by its checksum.
public enum Document {
  static let words = [
    "redis", "rabbit", "outage", "retry", "backoff", "health", "queue", "ledger", "proxy", "latency",
    "reset", "confirm", "deliver", "durable", "worker", "restart", "signal", "recover", "channel", "job",
  ]

  /// The downloaded content of document `id`: 40–103 words chosen by a generator seeded from the id.
  public static func content(for id: String) -> String {
    var state = UInt64(Checksum.fnv1a(id), radix: 16) ?? 1
    func next() -> UInt64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return state
    }
    let count = 40 + Int(next() % 64)
    return (0..<count).map { _ in words[Int(next() % UInt64(words.count))] }.joined(separator: " ")
  }

  /// The translation of `content`: every word reversed and upper-cased, word order kept.
  public static func translate(_ content: String) -> String {
    content.split(separator: " ").map { String($0.reversed()).uppercased() }.joined(separator: " ")
  }

  /// The checksum the consumer expects for document `id` after translation.
  public static func expectedChecksum(for id: String) -> String {
    Checksum.fnv1a(translate(content(for: id)))
  }
}
