/// The four workers of the document pipeline.
public enum PipelineRole: String, Sendable, CaseIterable {
  case scanner, downloader, translator, consumer
}
