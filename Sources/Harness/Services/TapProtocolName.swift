import Scenario

/// The protocol tap a proxy gets in front of a service: `amqp` for RabbitMQ, `resp` for Redis.
public enum TapProtocolName: String, Sendable, CaseIterable {
  case resp, amqp

  public init(service kind: ServiceKind) {
    switch kind {
    case .redis: self = .resp
    case .rabbitmq: self = .amqp
    }
  }

  /// The `after: N <event> on PROXY` events this tap counts.
  public var events: Set<ProtocolEvent> {
    switch self {
    case .resp: return [.commands]
    case .amqp: return [.deliveries, .acks, .publishes]
    }
  }
}
