import LogVocabulary

/// downloader: `job.created` → the document's content (derived from its id) stored, phase
/// `downloaded` → `job.downloaded`.
public struct DownloadStage: PipelineStage {
  public let role = PipelineRole.downloader

  public init() {}

  public func process(job id: String, store: JobStore, logger: WorkerEventLog) throws -> (
    routingKey: String, phase: JobPhase
  )? {
    let job = try store.job(id)
    guard let phase = store.phase(of: job) else {
      throw CorruptJobError(job: id, reason: "no job record")
    }
    if phase < .downloaded {
      try store.storeDownload(id, content: Document.content(for: id), now: WorkerRuntime.now)
      logger.event(LogEvent.jobDownloaded, ["job": .string(id)])
    }
    return ("job.downloaded", .downloaded)
  }
}
