/// What a proxy should be: a name, where it listens, where it forwards to, and whether it is up.
///
/// `listen` is `host:port`; port 0 asks for an ephemeral port (the real one is reported back in
/// ``ProxyStatus``). `enabled` false means the proxy refuses connections (the scenario verb `cut`).
public struct ProxySpec: Codable, Sendable, Equatable {
  public var name: String
  public var listen: String
  public var upstream: String
  public var enabled: Bool = true

  public init(name: String, listen: String = "127.0.0.1:0", upstream: String, enabled: Bool = true) {
    self.name = name
    self.listen = listen
    self.upstream = upstream
    self.enabled = enabled
  }

  private enum CodingKeys: String, CodingKey { case name, listen, upstream, enabled }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:0"
    upstream = try container.decodeIfPresent(String.self, forKey: .upstream) ?? ""
    enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
  }
}
