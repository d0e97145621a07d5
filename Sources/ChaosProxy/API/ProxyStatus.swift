/// A proxy as it is now: its spec with the real listen address, and its toxics.
///
/// Encodes as Toxiproxy's proxy object (`name`, `listen`, `upstream`, `enabled`, `toxics`) plus
/// `listenPort`, which Toxiproxy clients ignore.
public struct ProxyStatus: Codable, Sendable, Equatable {
  public var name: String
  /// The bound address, `host:port` with the real port even when the spec asked for port 0.
  public var listen: String
  public var upstream: String
  public var enabled: Bool
  public var toxics: [ToxicSpec]
  public var listenPort: UInt16

  public init(
    name: String, listen: String, upstream: String, enabled: Bool, toxics: [ToxicSpec], listenPort: UInt16
  ) {
    self.name = name
    self.listen = listen
    self.upstream = upstream
    self.enabled = enabled
    self.toxics = toxics
    self.listenPort = listenPort
  }
}
