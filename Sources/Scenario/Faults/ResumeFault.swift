/// `resume: redis` — thaws a paused service (SIGCONT).
public struct ResumeFault: ServiceFault {
  public static let verb = "resume"
  public var service: String

  public init(service: String) {
    self.service = service
  }

  public var bringsBack: Bool { true }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(from: [.paused], to: .running, otherwise: "'resume' applies to a paused service")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.resume() }
    return .finished(detail: nil)
  }
}

extension ResumeFault: PlainServiceFault {}
