/// `stop worker: downloader` — the worker's stop signal (SIGTERM, graceful); it is not restarted.
public struct StopWorkerFault: WorkerFault {
  public static let verb = "stop worker"
  public var worker: String
  public var index: Int?

  public init(worker: String, index: Int?) {
    self.worker = worker
    self.index = index
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.worker(worker, index: index).stop()
    return .finished(detail: nil)
  }
}

extension StopWorkerFault: ParsedWorkerFault {}
