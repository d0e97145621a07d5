import Scenario

/// Carries out timeline steps on a run: each step's ``Fault`` applies itself to this surface, a
/// ``Supervisor`` (services, workers) and a ``FaultInjector`` (proxies). Verbs on the same service
/// never overlap: a step waits for the one before it on that service to finish.
public struct SupervisorStepExecutor: StepExecutor, FaultSurface {
  public let supervisor: Supervisor
  public let faultInjector: (any FaultInjector)?
  /// Service verbs on one service run one after another, never overlapping.
  private let serviceLocks = KeyedLock()

  public init(supervisor: Supervisor, faultInjector: (any FaultInjector)?) {
    self.supervisor = supervisor
    self.faultInjector = faultInjector
  }

  public func perform(_ action: StepAction) throws -> FaultEffect {
    try action.fault.apply(to: self)
  }

  public func proxies() throws -> any ProxyFaults {
    guard let faultInjector else { throw HarnessError.couldNotRun("no proxy engine in this run") }
    return faultInjector
  }

  public func withService(_ name: String, _ body: (any ServiceControl) throws -> Void) throws {
    guard let service = supervisor.service(name) else {
      throw HarnessError.invalid("no service named \(name)")
    }
    try serviceLocks.run(name) { try body(service) }
  }

  public func worker(_ name: String, index: Int?) throws -> any WorkerControl {
    guard let worker = supervisor.worker(named: name, index: index) else {
      throw HarnessError.invalid("no worker \(WorkerFaults.instanceName(name, index: index ?? 1))")
    }
    return worker
  }
}
