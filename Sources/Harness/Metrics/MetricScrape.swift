import WorkerMetrics

/// One scrape of one source during a run: a worker instance's `/metrics` (with the process id
/// that answered, since a restarted worker starts its counters again) or the proxy's.
public struct MetricScrape: Sendable, Equatable, Codable {
  /// Seconds since the workload started (as every time in the journal).
  public var time: Double
  /// `downloader#1`, or `proxy` for the in-process proxy engine.
  public var source: String
  public var pid: Int32?
  public var samples: [PrometheusSample]

  public init(time: Double, source: String, pid: Int32?, samples: [PrometheusSample]) {
    self.time = time
    self.source = source
    self.pid = pid
    self.samples = samples
  }

  /// The source name of the proxy engine's metrics.
  public static let proxySource = "proxy"
}
