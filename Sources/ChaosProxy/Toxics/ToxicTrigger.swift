/// Extension: a toxic with a trigger acts on a link only once the link's tap has seen `count`
/// events named `event` (`basic.deliver`, `SET`, or an alias: `deliveries`, `publishes`, `acks`,
/// `commands`, `replies`). JSON: `"trigger": {"event": "basic.deliver", "count": 20}`.
/// Toxiproxy clients never send it and are unaffected. Needs a tap on the proxy.
public struct ToxicTrigger: Codable, Sendable, Equatable {
  public var event: String
  public var count: Int

  public init(event: String, count: Int) {
    self.event = event
    self.count = count
  }
}
