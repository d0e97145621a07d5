import Logging

/// A log handler that writes through `inner` and shows each line to the metrics recorder.
public struct MetricsLogHandler: LogHandler {
  private var inner: any LogHandler
  private let recorder: WorkerMetricsRecorder

  public init(wrapping inner: any LogHandler, recorder: WorkerMetricsRecorder) {
    self.inner = inner
    self.recorder = recorder
  }

  public var metadata: Logger.Metadata {
    get { inner.metadata }
    set { inner.metadata = newValue }
  }

  public var logLevel: Logger.Level {
    get { inner.logLevel }
    set { inner.logLevel = newValue }
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { inner[metadataKey: key] }
    set { inner[metadataKey: key] = newValue }
  }

  public func log(event: LogEvent) {
    inner.log(event: event)
    var fields = inner.metadata
    if let extra = event.metadata { fields.merge(extra) { _, new in new } }
    recorder.observe(message: event.message.description, metadata: fields)
  }
}
