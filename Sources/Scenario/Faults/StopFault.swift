/// `stop: redis` — stops the service gracefully; it stays down until a `start`.
public struct StopFault: ServiceFault {
  public static let verb = "stop"
  public var service: String

  public init(service: String) {
    self.service = service
  }

  public var interruptsService: Bool { true }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(from: [.running, .paused], to: .stopped, otherwise: "expected a 'start' before it")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.stop() }
    return .serviceDown
  }
}

extension StopFault: PlainServiceFault {}
