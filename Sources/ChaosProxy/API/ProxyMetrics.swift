/// One proxy's counters since it was created, open and closed links together (`GET /metrics`,
/// ``ProxyEngine/metrics()``). Directions are indexed 0 upstream (client → server),
/// 1 downstream (server → client).
public struct ProxyMetrics: Sendable, Equatable {
  public var name: String
  public var listen: String
  public var upstream: String
  public var enabled: Bool
  /// Bytes read from the source of each direction (the client, then the server).
  public var receivedBytes: [Int]
  /// Bytes handed on to the destination of each direction, after the toxics.
  public var sentBytes: [Int]
  public var openLinks: Int
  public var acceptedLinks: Int
  /// Clients closed at once because the upstream could not be reached.
  public var failedConnects: Int
  /// Connection attempts reset while the proxy was cut (``ProxyEngine/cutProxy(_:)``).
  public var refusedAttempts: Int = 0
  public var toxics: Int
  /// What the proxy's tap saw, when it has one.
  public var tap: TapReport?
  /// With several loop threads (`--threads N`), the open links each loop holds (index: the
  /// loop's); empty with one loop.
  public var openLinksPerLoop: [Int] = []
}

extension ProxyMetrics {
  /// Adds the part of one loop's shard (`loops`: how many loops the engine runs).
  mutating func add(_ part: ShardCounters, loops: Int) {
    for direction in 0..<2 {
      receivedBytes[direction] += part.received[direction]
      sentBytes[direction] += part.sent[direction]
    }
    openLinks += part.openLinks
    if loops > 1 { openLinksPerLoop.append(part.openLinks) }
    tap?.add(part.tap)
  }
}
