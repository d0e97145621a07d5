/// What the checker found: every fed document accounted for as done, stuck (by phase) or lost,
/// completions applied more than once, and messages left in the queues.
public struct PipelineReport: Codable, Sendable, Equatable {
  /// Documents the workload fed (the `fed` set), or the expected count when the set is smaller.
  public var fed: Int
  public var done: Int
  /// Jobs that exist but are not done, by phase (`created`, `downloaded`, `translated`).
  public var stuck: [String: Int]
  /// Fed documents with no job at all, or whose job vanished.
  public var lost: Int
  /// Jobs whose completion was applied more than once.
  public var duplicates: Int
  /// Messages still waiting in each queue.
  public var queues: [String: Int]
  /// Up to 20 ids of lost, stuck and duplicated jobs, for the evidence.
  public var examples: [String: [String]]
  /// Every lost document id (also those fed by the workload but missing from the `fed` set) and
  /// every job completed more than once; nil in reports written before they existed.
  public var lostIds: [String]?
  public var duplicateIds: [String]?

  public init(
    fed: Int, done: Int, stuck: [String: Int], lost: Int, duplicates: Int, queues: [String: Int],
    examples: [String: [String]] = [:]
  ) {
    self.fed = fed
    self.done = done
    self.stuck = stuck
    self.lost = lost
    self.duplicates = duplicates
    self.queues = queues
    self.examples = examples
  }

  public var stuckTotal: Int { stuck.values.reduce(0, +) }
  public var queuedTotal: Int { queues.values.reduce(0, +) }

  /// True when every fed document is done exactly once and the queues are drained.
  public var isClean: Bool {
    lost == 0 && stuckTotal == 0 && duplicates == 0 && queuedTotal == 0 && done == fed
  }

  /// Builds the report from what is stored.
  /// - Parameters:
  ///   - expected: how many documents the caller fed (`--expect N`); ids missing from `fedIds` count as lost.
  ///   - fedIds: the ids in the `fed` set.
  ///   - phases: phase of every job hash found, by id.
  ///   - completions: completions applied, by id.
  ///   - queues: messages left, by queue.
  public static func build(
    expected: Int, fedIds: Set<String>, phases: [String: String], completions: [String: Int],
    queues: [String: Int]
  ) -> PipelineReport {
    var done = 0
    var stuck: [String: Int] = [:]
    var lost = max(0, expected - fedIds.count)
    // Documents never in the `fed` set: the first ids the workload would have used (doc-000001 …).
    var lostIds = Array(
      (0..<expected).lazy.map { DocumentID.make($0 + 1) }.filter { !fedIds.contains($0) }.prefix(lost))
    var examples: [String: [String]] = [:]
    func note(_ kind: String, _ id: String) {
      if examples[kind, default: []].count < 20 { examples[kind, default: []].append(id) }
    }
    for id in fedIds.sorted() {
      let completed = completions[id] ?? 0
      if let phase = phases[id] {
        if phase == JobPhase.done.rawValue && completed >= 1 {
          done += 1
        } else {
          stuck[phase, default: 0] += 1
          note("stuck", id)
        }
      } else {
        lost += 1
        lostIds.append(id)
        note("lost", id)
      }
    }
    let duplicated = completions.filter { $0.value > 1 }.keys.sorted()
    for id in duplicated { note("duplicates", id) }
    var report = PipelineReport(
      fed: max(expected, fedIds.count), done: done, stuck: stuck, lost: lost, duplicates: duplicated.count,
      queues: queues, examples: examples)
    report.lostIds = lostIds
    report.duplicateIds = duplicated
    return report
  }
}
