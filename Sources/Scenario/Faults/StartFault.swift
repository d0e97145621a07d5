/// `start: redis` — starts a stopped or killed service; returns when it answers.
public struct StartFault: ServiceFault {
  public static let verb = "start"
  public var service: String

  public init(service: String) {
    self.service = service
  }

  public var bringsBack: Bool { true }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(
      from: [.stopped], to: .running, otherwise: "'start' applies to a stopped or killed service")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.start() }
    return .finished(detail: nil)
  }
}

extension StartFault: PlainServiceFault {}
