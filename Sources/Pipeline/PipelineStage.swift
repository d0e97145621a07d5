/// What a consuming worker does with one job: store its effects in Redis and name the event to
/// publish next (nil for the last stage). Must be idempotent: a redelivered message runs it again.
public protocol PipelineStage: Sendable {
  var role: PipelineRole { get }
  /// Stores the job's effects; returns the routing key and phase of the follow-up event, if any.
  func process(job: String, store: JobStore, logger: WorkerEventLog) throws -> (
    routingKey: String, phase: JobPhase
  )?
}

/// A job whose stored data is not what it must be: it is rejected without requeue (it would fail
/// again), and the checker reports it as stuck.
public struct CorruptJobError: Error, CustomStringConvertible {
  public let job: String
  public let reason: String

  public var description: String { "job \(job) is corrupt: \(reason)" }
}
