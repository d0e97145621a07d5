/// The Redis keys of one pipeline run, all under a prefix (`CHAOS_KEY_PREFIX`, default `chaos:`)
/// so that two runs can share a server. Shared vocabulary, like the log events: the workers, the
/// feed (`chaos-worker feed`) and the checker use it.
public struct KeySpace: Sendable, Equatable {
  public let prefix: String

  public init(prefix: String = "chaos:") {
    self.prefix = prefix
  }

  /// List the workload fills (LPUSH) and the scanner drains (RPOP).
  public var inbox: String { prefix + "inbox" }
  /// Set of every document id the workload fed, so the checker knows what to look for.
  public var fed: String { prefix + "fed" }
  /// Hash job id → number of completions applied (more than 1 is a duplicate).
  public var completions: String { prefix + "completions" }
  /// Hash `job:{id}`: phase, attempts, checksum, timestamps.
  public func job(_ id: String) -> String { prefix + "job:" + id }
  /// The downloaded document.
  public func content(_ id: String) -> String { prefix + "content:" + id }
  /// The translated document.
  public func translation(_ id: String) -> String { prefix + "translation:" + id }
  /// Pattern matching every job hash (for SCAN).
  public var jobPattern: String { prefix + "job:*" }
}
