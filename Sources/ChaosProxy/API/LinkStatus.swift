/// One open connection through a proxy (extension: `GET /proxies/{name}/links`).
public struct LinkStatus: Codable, Sendable, Equatable {
  /// The client's address, `host:port`.
  public var client: String
  /// Bytes read from the client (client → server).
  public var bytesUpstream: Int
  /// Bytes read from the server (server → client).
  public var bytesDownstream: Int
  public var ageSeconds: Double
  /// What the proxy's tap saw on this link, when the proxy has one.
  public var tap: TapReport?

  public init(
    client: String, bytesUpstream: Int, bytesDownstream: Int, ageSeconds: Double, tap: TapReport? = nil
  ) {
    self.client = client
    self.bytesUpstream = bytesUpstream
    self.bytesDownstream = bytesDownstream
    self.ageSeconds = ageSeconds
    self.tap = tap
  }
}
