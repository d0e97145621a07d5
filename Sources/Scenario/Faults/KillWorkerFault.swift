/// `kill worker: downloader` — SIGKILL, then a new process for the instance at once, as a process
/// supervisor with a restart policy would (the point is what happens to its in-flight work).
public struct KillWorkerFault: WorkerFault {
  public static let verb = "kill worker"
  public static let soakable = true
  public var worker: String
  public var index: Int?

  public init(worker: String, index: Int?) {
    self.worker = worker
    self.index = index
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let process = try run.worker(worker, index: index)
    guard let killed = process.kill() else {
      throw FaultFoundNothing("no live process of \(target) to kill")
    }
    try process.start()
    return .finished(detail: "\(killed); new process \(process.pid.map(String.init) ?? "?")")
  }
}

extension KillWorkerFault: ParsedWorkerFault {}
