import LogVocabulary

/// What a workload reports it fed, read from one of its JSON lines: `workload.fed` after each
/// batch (`fed`: documents so far, `ids`: this batch's), `workload.finished` once everything went
/// in, `workload.stopped` when it was stopped first (`fed`: what went in). `chaos-worker feed`
/// writes them; any workload command may (docs/bring-your-own.md), and the console's progress, the
/// journal's `fed` and `feedFinishedAt` and the soak's feed times then follow it.
public struct FeedReport: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case batch, finished, stopped
  }

  public var kind: Kind
  /// Documents fed so far.
  public var fed: Int
  /// The documents of this batch (empty for the closing lines).
  public var documents: [String]

  public init(kind: Kind, fed: Int, documents: [String] = []) {
    self.kind = kind
    self.fed = fed
    self.documents = documents
  }

  /// The report in `event`, nil when it is not one.
  public init?(_ event: WorkerEvent) {
    let kind: Kind
    switch event.message {
    case LogEvent.workloadFed: kind = .batch
    case LogEvent.workloadFinished: kind = .finished
    case LogEvent.workloadStopped: kind = .stopped
    default: return nil
    }
    guard let fed = event["fed"]?.intValue, fed >= 0 else { return nil }
    var documents: [String] = []
    if case .array(let ids)? = event["ids"] { documents = ids.compactMap(\.stringValue) }
    self.init(kind: kind, fed: fed, documents: documents)
  }
}
