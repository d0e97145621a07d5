/// `restart: redis`, `down: 4s` — stops the service, waits `down`, starts it again with its data;
/// returns when it answers.
public struct RestartFault: ServiceFault {
  public static let verb = "restart"
  public static let soakable = true
  public var service: String
  public var down: Double

  public init(service: String, down: Double) {
    self.service = service
    self.down = down
  }

  public var description: String { "restart \(service) (down \(DurationText.text(down)))" }
  public var interruptsService: Bool { true }
  public var bringsBack: Bool { true }
  public var downtime: Double { down }
  public var serviceTransition: ServiceTransition? {
    ServiceTransition(
      from: [.running, .paused], to: .running, otherwise: "use 'start' to bring a stopped service back")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.withService(service) { try $0.restart(down: down) }
    return .finished(detail: nil)
  }
}

extension RestartFault: ParsedFault {
  static let parameters = ["down"]

  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    guard let service = parser.serviceTarget(step) else { return nil }
    var down = 0.0
    if let field = step.field("down") {
      guard let seconds = parser.duration(field.value, for: "down") else { return nil }
      down = seconds
    }
    return Self(service: service, down: down)
  }
}
