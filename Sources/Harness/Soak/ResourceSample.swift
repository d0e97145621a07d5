/// One reading of one process during a soak.
public struct ResourceSample: Sendable, Equatable, Codable {
  /// Seconds since the workload started.
  public var time: Double
  /// `downloader#1`, or `chaos` for the harness process (which runs the proxies).
  public var process: String
  public var pid: Int32
  public var resources: ProcessResources

  public init(time: Double, process: String, pid: Int32, resources: ProcessResources) {
    self.time = time
    self.process = process
    self.pid = pid
    self.resources = resources
  }
}
