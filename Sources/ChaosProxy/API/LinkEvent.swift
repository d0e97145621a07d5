/// One moment in the life of a link, recorded by its proxy (extension: `GET /proxies/{name}/events`,
/// ``ProxyEngine/setLinkEventHandler(_:)``). Recorded only at accept, upstream connect, the first
/// successful exchange and close — never per byte.
public struct LinkEvent: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable {
    /// The proxy accepted a client connection and starts connecting upstream.
    case accepted
    /// The upstream connection is established.
    case connected
    /// The upstream could not be reached; the client's connection is closed.
    case connectFailed = "connect-failed"
    /// AMQP: the broker sent `connection.open-ok` (the handshake is over).
    case ready
    /// The first successful exchange: RESP, a non-error reply; AMQP, the first `basic.deliver`,
    /// client `basic.ack` or publisher confirm. `detail` says which.
    case exchange
    /// The tap stopped decoding this link (`detail`: why, e.g. `RESP: unexpected byte 0x25`): what
    /// rests on its events after this is unknown; the bytes still pass.
    case tapStopped = "tap-stopped"
    /// The link closed.
    case closed
    /// A connection accepted while the proxy is cut: recorded, then reset at once (TCP RST).
    case refused
  }

  /// The proxy's name.
  public var proxy: String
  /// The link's number within its proxy (1, 2, …); a refused attempt has its own number too.
  public var link: Int
  public var kind: Kind
  /// The client's address, `host:port`.
  public var client: String
  /// The client's port (to find the process that owns the socket).
  public var clientPort: UInt16
  /// Monotonic time, milliseconds (CLOCK_MONOTONIC, the engine's clock).
  public var time: Double
  public var detail: String?

  public init(
    proxy: String, link: Int, kind: Kind, client: String, clientPort: UInt16, time: Double,
    detail: String? = nil
  ) {
    self.proxy = proxy
    self.link = link
    self.kind = kind
    self.client = client
    self.clientPort = clientPort
    self.time = time
    self.detail = detail
  }
}
