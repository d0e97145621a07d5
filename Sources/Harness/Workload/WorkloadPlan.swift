import Scenario

/// Which documents the workload feeds and when: ids `doc-000001` … `doc-N` (always the same set),
/// in an order shuffled by the seed, at offsets whose gaps average 1/`rate` with ±50 % jitter drawn
/// from the seed. Same seed, same plan. Without a rate every document is due at once.
public struct WorkloadPlan: Sendable, Equatable {
  /// A document and when it is due, in seconds after the workload start.
  public struct Entry: Sendable, Equatable {
    public var document: String
    public var offset: Double
  }

  public var entries: [Entry]

  public init(workload: Workload, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    var documents = (1...max(workload.jobs, 1)).map { WorkloadPlan.documentID($0) }
    if workload.jobs <= 0 { documents = [] }
    documents.shuffle(using: &generator)
    var offset = 0.0
    var entries: [Entry] = []
    for document in documents {
      entries.append(Entry(document: document, offset: offset))
      if let rate = workload.rate, rate > 0 {
        offset += (0.5 + generator.unit()) / rate
      }
    }
    self.entries = entries
  }

  /// `doc-000042`.
  public static func documentID(_ number: Int) -> String {
    let digits = String(number)
    return "doc-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }
}
