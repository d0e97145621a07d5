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
    guard let stopped = try run.worker(worker, index: index).stop() else {
      throw FaultFoundNothing("no live process of \(target) to stop")
    }
    return .finished(detail: stopped.description)
  }
}

extension StopWorkerFault: ParsedWorkerFault {}
