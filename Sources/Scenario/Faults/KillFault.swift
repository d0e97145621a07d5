/// `kill: redis` — kills the service as in a crash (SIGKILL); it stays down until a `start`.
public struct KillFault: ServiceFault {
  public static let verb = "kill"
  public var service: String

  public init(service: String) {
    self.service = service
  }

  public var interruptsService: Bool { true }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(from: [.running, .paused], to: .stopped, otherwise: "expected a 'start' before it")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.kill() }
    return .serviceDown
  }
}

extension KillFault: PlainServiceFault {}
