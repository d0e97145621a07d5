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
  /// Extension: the protocol decoded by the proxy's tap, if any.
  public var tap: TapProtocol?
  /// Extension: connections accepted since the proxy was created, and how many of them were
  /// closed at once because the upstream could not be reached.
  public var acceptedLinks: Int = 0
  public var failedConnects: Int = 0
  /// Extension: the proxy is cut (listening, resetting every connection it accepts), and how many
  /// connection attempts it reset so.
  public var refusing: Bool = false
  public var refusedAttempts: Int = 0

  public init(
    name: String, listen: String, upstream: String, enabled: Bool, toxics: [ToxicSpec], listenPort: UInt16,
    tap: TapProtocol? = nil
  ) {
    self.name = name
    self.listen = listen
    self.upstream = upstream
    self.enabled = enabled
    self.toxics = toxics
    self.listenPort = listenPort
    self.tap = tap
  }
}
