/// `restart worker: downloader` — the worker's stop signal (SIGTERM), then a new process.
public struct RestartWorkerFault: WorkerFault {
  public static let verb = "restart worker"
  public static let soakable = true
  public var worker: String
  public var index: Int?

  public init(worker: String, index: Int?) {
    self.worker = worker
    self.index = index
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let process = try run.worker(worker, index: index)
    let stopped = try process.restart()
    return .finished(
      detail: (stopped.map(\.description) ?? "no process was running")
        + "; new process \(process.pid.map(String.init) ?? "?")")
  }
}

extension RestartWorkerFault: ParsedWorkerFault {}
