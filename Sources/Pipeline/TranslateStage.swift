import LogVocabulary

/// translator: `job.downloaded` → content checked against its checksum, translated, stored, phase
/// `translated` → `job.translated`.
public struct TranslateStage: PipelineStage {
  public let role = PipelineRole.translator

  public init() {}

  public func process(job id: String, store: JobStore, logger: WorkerEventLog) throws -> (
    routingKey: String, phase: JobPhase
  )? {
    let job = try store.job(id)
    guard let phase = store.phase(of: job) else {
      throw CorruptJobError(job: id, reason: "no job record")
    }
    if phase < .translated {
      guard let content = try store.content(id) else {
        throw CorruptJobError(job: id, reason: "phase \(phase.rawValue) but no content stored")
      }
      guard Checksum.fnv1a(content) == job["content_checksum"] else {
        throw CorruptJobError(job: id, reason: "content does not match its checksum")
      }
      try store.storeTranslation(id, translation: Document.translate(content), now: WorkerRuntime.now)
      logger.event(LogEvent.jobTranslated, ["job": .string(id)])
    }
    return ("job.translated", .translated)
  }
}
