/// A worker process that ended during the run, and whether the harness asked it to.
public struct WorkerExit: Sendable, Equatable, Codable {
  public var instance: String
  public var role: String
  public var generation: Int
  public var pid: Int32
  /// Exit code, or the signal number when it died of a signal (Foundation reports both the same way).
  public var status: Int32
  /// Seconds since the workload started.
  public var time: Double
  /// The signal the harness sent it (`SIGTERM`, `SIGKILL`), nil when it ended on its own.
  public var requestedSignal: String?

  public init(
    instance: String, role: String, generation: Int, pid: Int32, status: Int32, time: Double,
    requestedSignal: String?
  ) {
    self.instance = instance
    self.role = role
    self.generation = generation
    self.pid = pid
    self.status = status
    self.time = time
    self.requestedSignal = requestedSignal
  }
}
