import ChaosProxy

/// What the timeline needs from a fault-injection proxy: named proxies in front of services, and
/// faults on them. ``ProxyEngineFaultInjector`` implements it over ChaosProxy's `ProxyEngine`.
///
/// Faults that have a duration are removed with ``removeFault(_:_:)`` using the name returned
/// when they were added. Proxies in a scenario get a protocol tap (``enableTap(proxy:protocol:)``),
/// which `after: N deliveries on PROXY` steps wait on and `acks: balanced` reads as a second witness.
public protocol FaultInjector: AnyObject, Sendable {
  /// Creates proxy `name` listening on a free loopback port in front of `upstream` (`host:port`);
  /// returns the port it listens on.
  func createProxy(name: String, upstream: String) throws -> UInt16
  /// The port proxy `name` listens on.
  func listenPort(_ proxy: String) -> UInt16?
  /// Open connections are dropped; new ones are accepted and reset at once (TCP RST), each
  /// recorded as a `refused` link event, until ``uncut(_:)``.
  func cut(_ proxy: String) throws
  /// Undoes ``cut(_:)``.
  func uncut(_ proxy: String) throws
  /// Adds latency (and jitter) to data from the service; returns the fault's name.
  func addLatency(_ proxy: String, latencyMs: Int, jitterMs: Int) throws -> String
  /// Data is swallowed, connections stay open; returns the fault's name.
  func blackhole(_ proxy: String) throws -> String
  /// Limits the bandwidth to `rateKBps`; returns the fault's name.
  func throttle(_ proxy: String, rateKBps: Int) throws -> String
  /// Cuts data into small pieces sent with a delay; returns the fault's name.
  func slice(_ proxy: String, averageSize: Int, sizeVariation: Int, delayMicroseconds: Int) throws -> String
  /// Removes one fault added earlier.
  func removeFault(_ proxy: String, _ name: String) throws
  /// Resets (TCP RST) every open connection through the proxy; returns how many.
  func resetLinks(_ proxy: String) throws -> Int
  /// Removes every fault and enables the proxy.
  func clear(_ proxy: String) throws
  /// Decodes `tap` on the proxy's new links (counts, ledger, protocol triggers).
  func enableTap(proxy: String, protocol tap: TapProtocolName) throws
  /// Waits until the proxy's tap has counted `count` events (`deliveries`, `acks`, `publishes`,
  /// `commands`, or a method or command name), at most `timeout` seconds; returns the count seen,
  /// nil on timeout.
  func waitFor(event: String, count: Int, proxy: String, timeout: Double) throws -> Int?
  /// What the proxy's tap saw so far, over its closed and open links; `time` is stamped by the caller.
  func tapLedger(proxy: String, service: String, time: Double) throws -> ProxyTapLedger
  /// Sends the engine's diagnostic lines (an unreachable upstream) to `handler` instead of stderr.
  func onDiagnostic(_ handler: @escaping @Sendable (String) -> Void)
  /// Sends every link event (accept, upstream connect, first exchange, close, refused attempt)
  /// to `handler`, on the proxy's thread, as it happens.
  func onLinkEvent(_ handler: @escaping @Sendable (LinkEvent) -> Void)
  /// Stops every proxy.
  func shutdown()
}
