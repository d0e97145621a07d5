/// What a tap saw, for one link or summed over a proxy (`GET /proxies/{name}/taps`).
public struct TapReport: Codable, Sendable, Equatable {
  /// Every recognised event by name: Redis commands (`SET`), `reply`, `error`; AMQP methods
  /// (`basic.publish`, `basic.deliver`, `basic.ack` from the client, `confirm.ack` / `confirm.nack`
  /// for publisher confirms from the broker, `connection.close`, …).
  public var events: [String: Int] = [:]
  /// Redis: replies and error replies.
  public var replies = 0
  public var errors = 0
  /// Redis (RESP3): pushes (`>`), which answer no request: pub/sub messages, invalidations.
  public var pushes = 0
  /// AMQP: messages published by the client, delivered by the broker (deliver and get-ok).
  public var publishes = 0
  public var deliveries = 0
  public var redeliveries = 0
  /// AMQP: the client's settlements of deliveries.
  public var acks = 0
  public var nacks = 0
  public var rejects = 0
  /// AMQP: publisher confirms from the broker.
  public var confirms = 0
  /// Deliveries not yet acked, nacked or rejected on open links.
  public var unacked = 0
  /// Deliveries still unsettled when their channel or link closed (the broker redelivers them).
  public var unackedAtClose = 0
  /// Settlements of a tag already settled, and of a tag never delivered.
  public var ackedTwice = 0
  public var ackedUnknown = 0
  /// Why the tap stopped on some link (not the expected protocol); the bytes still passed.
  public var stopped: [String] = []

  public init() {}

  /// Adds another report (a link's) into this one.
  mutating func add(_ other: TapReport) {
    events.merge(other.events, uniquingKeysWith: +)
    replies += other.replies
    errors += other.errors
    pushes += other.pushes
    publishes += other.publishes
    deliveries += other.deliveries
    redeliveries += other.redeliveries
    acks += other.acks
    nacks += other.nacks
    rejects += other.rejects
    confirms += other.confirms
    unacked += other.unacked
    unackedAtClose += other.unackedAtClose
    ackedTwice += other.ackedTwice
    ackedUnknown += other.ackedUnknown
    if stopped.count < 20 { stopped += other.stopped.prefix(20 - stopped.count) }
  }

  /// The count of a trigger's event name, with the aliases `deliveries`, `publishes`, `acks`,
  /// `commands`, `replies`.
  public func count(of event: String) -> Int {
    switch event {
    case "deliveries", "deliver": return deliveries
    case "publishes", "publish": return publishes
    case "acks", "ack": return acks
    case "confirms": return confirms
    case "replies": return replies
    case "errors": return errors
    case "commands":
      return events.filter { $0.key.uppercased() == $0.key && !$0.key.contains(".") }.values.reduce(0, +)
    default: return events[event] ?? events[event.uppercased()] ?? 0
    }
  }
}
