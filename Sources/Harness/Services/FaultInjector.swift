import ChaosProxy
import Scenario

/// What the run needs from a fault-injection proxy: named proxies in front of services, the
/// faults of ``ProxyFaults`` on them (which the proxy verbs apply), and protocol taps. ``ProxyEngineFaultInjector`` implements it over ChaosProxy's `ProxyEngine`.
///
/// Proxies in a scenario get a protocol tap (``enableTap(proxy:protocol:)``),
/// which `after: N deliveries on PROXY` steps wait on and `acks: balanced` reads as a second witness.
public protocol FaultInjector: ProxyFaults {
  /// Creates proxy `name` listening on a free loopback port in front of `upstream` (`host:port`);
  /// returns the port it listens on.
  func createProxy(name: String, upstream: String) throws -> UInt16
  /// The port proxy `name` listens on.
  func listenPort(_ proxy: String) -> UInt16?
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
  /// What the proxy's `GET /metrics` would answer (Prometheus text), read in this process.
  func metricsText() -> String
  /// Sends every link event (accept, upstream connect, first exchange, close, refused attempt)
  /// to `handler`, on the proxy's thread, as it happens.
  func onLinkEvent(_ handler: @escaping @Sendable (LinkEvent) -> Void)
  /// Stops every proxy.
  func shutdown()
}
