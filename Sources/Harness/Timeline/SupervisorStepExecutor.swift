import Scenario

/// Carries out timeline steps with a ``Supervisor`` (services, workers) and a ``FaultInjector`` (proxies).
///
/// Proxy verbs: `cut` disables the proxy (undone by re-enabling it), `delay` adds latency with
/// jitter, `blackhole` a timeout toxic of 0 (data swallowed), `throttle` a bandwidth limit, `slice`
/// a slicer, `reset` resets every open link, `clear` removes every fault. Service verbs: `restart`
/// (stop, `down`, start; returns when it answers), `stop`, `kill` (SIGKILL), `pause` / `resume`
/// (SIGSTOP / SIGCONT), `start`. Worker verbs: `kill worker` sends SIGKILL and then starts a new
/// process for the instance at once, as a process supervisor with a restart policy would (the
/// point is what happens to its in-flight work); `restart worker` is SIGTERM then a new process;
/// `stop worker` is SIGTERM and the instance stays stopped. Verbs on the same service never overlap:
/// a step waits for the one before it on that service to finish.
public struct SupervisorStepExecutor: StepExecutor {
  public let supervisor: Supervisor
  public let faultInjector: (any FaultInjector)?
  /// Service verbs on one service run one after another, never overlapping.
  private let serviceLocks = KeyedLock()

  public init(supervisor: Supervisor, faultInjector: (any FaultInjector)?) {
    self.supervisor = supervisor
    self.faultInjector = faultInjector
  }

  public func perform(_ action: StepAction) throws -> StepEffect {
    switch action {
    case .cut(let proxy):
      let injector = try proxies()
      try injector.cut(proxy)
      return .lasting { try injector.uncut(proxy) }
    case .delay(let proxy, let latency, let jitter):
      let injector = try proxies()
      let fault = try injector.addLatency(proxy, latencyMs: latency, jitterMs: jitter)
      return .lasting { try injector.removeFault(proxy, fault) }
    case .blackhole(let proxy):
      let injector = try proxies()
      let fault = try injector.blackhole(proxy)
      return .lasting { try injector.removeFault(proxy, fault) }
    case .throttle(let proxy, let rate):
      let injector = try proxies()
      let fault = try injector.throttle(proxy, rateKBps: rate)
      return .lasting { try injector.removeFault(proxy, fault) }
    case .slice(let proxy, let size, let variation, let delay):
      let injector = try proxies()
      let fault = try injector.slice(
        proxy, averageSize: size, sizeVariation: variation, delayMicroseconds: delay)
      return .lasting { try injector.removeFault(proxy, fault) }
    case .reset(let proxy):
      let count = try proxies().resetLinks(proxy)
      return .finished(detail: "\(count) connection\(count == 1 ? "" : "s") reset")
    case .clear(let proxy):
      try proxies().clear(proxy)
      return .finished(detail: nil)
    case .restart(let name, let down):
      try serviceLocks.run(name) { try service(name).restart(down: down) }
      return .finished(detail: nil)
    case .stop(let name):
      try serviceLocks.run(name) { try service(name).stop() }
      return .serviceDown
    case .kill(let name):
      try serviceLocks.run(name) { try service(name).kill() }
      return .serviceDown
    case .pause(let name):
      try serviceLocks.run(name) { try service(name).pause() }
      return .serviceDown
    case .start(let name):
      try serviceLocks.run(name) { try service(name).start() }
      return .finished(detail: nil)
    case .resume(let name):
      try serviceLocks.run(name) { try service(name).resume() }
      return .finished(detail: nil)
    case .killWorker(let name, let index):
      let process = try supervisor.killWorker(name, index: index)
      return .finished(detail: process.pid.map { "new process \($0)" })
    case .restartWorker(let name, let index):
      let process = try supervisor.restartWorker(name, index: index)
      return .finished(detail: process.pid.map { "new process \($0)" })
    case .stopWorker(let name, let index):
      _ = try supervisor.stopWorker(name, index: index)
      return .finished(detail: nil)
    }
  }

  private func proxies() throws -> any FaultInjector {
    guard let faultInjector else { throw HarnessError.couldNotRun("no proxy engine in this run") }
    return faultInjector
  }

  private func service(_ name: String) throws -> any ManagedService {
    guard let service = supervisor.service(name) else {
      throw HarnessError.invalid("no service named \(name)")
    }
    return service
  }
}
