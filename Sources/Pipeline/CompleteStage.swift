import LogVocabulary

/// consumer: `job.translated` → the translation verified against the stored checksum and against
/// what the document must translate to, then the job marked `done` with its completion recorded
/// once (a redelivery finds it done and records nothing).
public struct CompleteStage: PipelineStage {
  public let role = PipelineRole.consumer

  public init() {}

  public func process(job id: String, store: JobStore, logger: WorkerEventLog) throws -> (
    routingKey: String, phase: JobPhase
  )? {
    let job = try store.job(id)
    guard store.phase(of: job) != nil else {
      throw CorruptJobError(job: id, reason: "no job record")
    }
    guard let translation = try store.translation(id) else {
      throw CorruptJobError(job: id, reason: "no translation stored")
    }
    let checksum = Checksum.fnv1a(translation)
    guard checksum == job["checksum"], checksum == Document.expectedChecksum(for: id) else {
      throw CorruptJobError(job: id, reason: "translation checksum \(checksum) does not match")
    }
    let first = try store.completeOnce(id, now: WorkerRuntime.now)
    logger.event(LogEvent.jobDone, ["job": .string(id), "duplicate": .stringConvertible(!first)])
    return nil
  }
}
