import SeededRandom

/// Which documents the built-in workload (`chaos-worker feed`) puts in the inbox and when: ids
/// `doc-<first>` … (always the same set), in an order shuffled by the seed, at offsets whose gaps
/// average 1/`rate` with ±50 % jitter drawn from the seed. Same count, rate and seed, same plan:
/// a soak replayed with its seed feeds the same documents at the same moments. Without a rate
/// (or with 0) every document is due at once.
public struct FeedPlan: Sendable, Equatable {
  /// A document and when it is due, in seconds after the feed starts.
  public struct Entry: Sendable, Equatable {
    public var document: String
    public var offset: Double
  }

  public var entries: [Entry]

  public init(count: Int, rate: Double?, seed: UInt64, first: Int = 1) {
    var generator = SeededGenerator(seed: seed)
    var documents = count > 0 ? (first..<(first + count)).map { DocumentID.make($0) } : []
    documents.shuffle(using: &generator)
    var offset = 0.0
    var entries: [Entry] = []
    for document in documents {
      entries.append(Entry(document: document, offset: offset))
      if let rate, rate > 0 {
        offset += (0.5 + generator.unit()) / rate
      }
    }
    self.entries = entries
  }
}
