/// A verb on a service: `stop: redis`, `restart: rabbitmq`.
public protocol ServiceFault: Fault {
  var service: String { get }
}

extension ServiceFault {
  public static var targetKind: FaultTargetKind { .service }
  public static var duration: FaultDuration { .instant }
  public var target: String { service }
  public var description: String { "\(Self.verb) \(service)" }
}

/// A service verb whose only parameter is the service.
protocol PlainServiceFault: ServiceFault, ParsedFault {
  init(service: String)
}

extension PlainServiceFault {
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    parser.serviceTarget(step).map { Self(service: $0) }
  }
}
