/// What a proxy should be: a name, where it listens, where it forwards to, and whether it is up.
///
/// `listen` is `host:port`; port 0 asks for an ephemeral port (the real one is reported back in
/// ``ProxyStatus``). `enabled` false means the proxy refuses connections (the scenario verb `cut`
/// keeps listening instead: ``ProxyEngine/cutProxy(_:)``).
public struct ProxySpec: Codable, Sendable, Equatable {
  public var name: String
  public var listen: String
  public var upstream: String
  public var enabled: Bool = true
  /// Extension: decode this protocol as it passes (counts, ledger, triggers).
  public var tap: TapProtocol? = nil

  public init(
    name: String, listen: String = "127.0.0.1:0", upstream: String, enabled: Bool = true,
    tap: TapProtocol? = nil
  ) {
    self.name = name
    self.listen = listen
    self.upstream = upstream
    self.enabled = enabled
    self.tap = tap
  }

  private enum CodingKeys: String, CodingKey { case name, listen, upstream, enabled, tap }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:0"
    upstream = try container.decodeIfPresent(String.self, forKey: .upstream) ?? ""
    enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    tap = try TapProtocol.parse(container.decodeIfPresent(String.self, forKey: .tap))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(listen, forKey: .listen)
    try container.encode(upstream, forKey: .upstream)
    try container.encode(enabled, forKey: .enabled)
    try container.encodeIfPresent(tap, forKey: .tap)
  }
}
