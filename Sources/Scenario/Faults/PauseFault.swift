/// `pause: redis` — freezes the service (SIGSTOP): connections stay open, nothing is answered.
public struct PauseFault: ServiceFault {
  public static let verb = "pause"
  public var service: String

  public init(service: String) {
    self.service = service
  }

  public var interruptsService: Bool { true }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(from: [.running], to: .paused, otherwise: "'pause' applies to a running service")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.pause() }
    return .serviceDown
  }
}

extension PauseFault: PlainServiceFault {}
