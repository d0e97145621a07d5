/// What the checker found: every fed document accounted for as done, stuck (by phase) or lost,
/// completions applied more than once, and messages left in the queues. Shared vocabulary: the
/// checker prints it (under `pipeline` in `chaos-worker check --verdict`) and the harness, which
/// does not link the pipeline, reads it back from that JSON (soak invariants, queues, reports).
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
}
