import ChaosProxy
import Foundation

/// ``FaultInjector`` over ChaosProxy's in-process `ProxyEngine`.
///
/// `cut` drops the open links and keeps the listener, resetting (and recording) each new
/// connection (`ProxyEngine.cutProxy`); `delay` is a `latency`
/// toxic (`latency`, `jitter`) on the data coming back from the service; `blackhole` is a
/// `timeout` toxic with `timeout: 0` in both directions (data swallowed, connections kept open);
/// `throttle` a `bandwidth` toxic (`rate` in KB/s) downstream; `slice` a `slicer` toxic
/// (`average_size`, `size_variation`, `delay` in µs) downstream; `reset` resets every open link;
/// `clear` removes every toxic and enables the proxy. Taps are the engine's `ProxySpec.tap`
/// (`setTap`), waited on with `waitForTap` and read with `taps(_:)`.
public final class ProxyEngineFaultInjector: FaultInjector, @unchecked Sendable {
  private let engine: ProxyEngine
  private let lock = NSLock()
  private var counter = 0

  public init(seed: UInt64 = 1) throws {
    engine = try ProxyEngine(seed: seed)
  }

  public func createProxy(name: String, upstream: String) throws -> UInt16 {
    try engine.createProxy(ProxySpec(name: name, listen: "127.0.0.1:0", upstream: upstream)).listenPort
  }

  public func listenPort(_ proxy: String) -> UInt16? {
    engine.proxy(proxy)?.listenPort
  }

  public func cut(_ proxy: String) throws {
    try engine.cutProxy(proxy)
  }

  public func uncut(_ proxy: String) throws {
    try engine.updateProxy(proxy, enabled: true)
  }

  public func addLatency(_ proxy: String, latencyMs: Int, jitterMs: Int) throws -> String {
    try add(proxy, .latency, .downstream, ["latency": latencyMs, "jitter": jitterMs])
  }

  public func blackhole(_ proxy: String) throws -> String {
    let down = try add(proxy, .timeout, .downstream, ["timeout": 0])
    let up = try add(proxy, .timeout, .upstream, ["timeout": 0])
    return "\(down),\(up)"
  }

  public func throttle(_ proxy: String, rateKBps: Int) throws -> String {
    try add(proxy, .bandwidth, .downstream, ["rate": rateKBps])
  }

  public func slice(_ proxy: String, averageSize: Int, sizeVariation: Int, delayMicroseconds: Int) throws
    -> String
  {
    try add(
      proxy, .slicer, .downstream,
      ["average_size": averageSize, "size_variation": sizeVariation, "delay": delayMicroseconds])
  }

  public func removeFault(_ proxy: String, _ name: String) throws {
    for part in name.split(separator: ",") { try engine.removeToxic(proxy, String(part)) }
  }

  public func resetLinks(_ proxy: String) throws -> Int {
    try engine.resetLinks(proxy)
  }

  public func clear(_ proxy: String) throws {
    for toxic in engine.proxy(proxy)?.toxics ?? [] {
      if let name = toxic.name { try engine.removeToxic(proxy, name) }
    }
    try engine.updateProxy(proxy, enabled: true)
  }

  public func enableTap(proxy: String, protocol tap: TapProtocolName) throws {
    try engine.setTap(proxy, TapProtocol(rawValue: tap.rawValue))
  }

  public func waitFor(event: String, count: Int, proxy: String, timeout: Double) throws -> Int? {
    guard try engine.waitForTap(proxy, event: event, count: count, timeout: timeout) else { return nil }
    return try engine.taps(proxy).count(of: event)
  }

  public func tapLedger(proxy: String, service: String, time: Double) throws -> ProxyTapLedger {
    let report = try engine.taps(proxy)
    let tap = engine.proxy(proxy)?.tap?.rawValue ?? "off"
    return ProxyTapLedger(
      tap: tap, service: service, time: time, events: report.events, publishes: report.publishes,
      deliveries: report.deliveries, redeliveries: report.redeliveries, acks: report.acks,
      nacks: report.nacks,
      rejects: report.rejects, unacked: report.unacked, unackedAtClose: report.unackedAtClose,
      ackedTwice: report.ackedTwice, ackedUnknown: report.ackedUnknown, stopped: report.stopped)
  }

  public func onDiagnostic(_ handler: @escaping @Sendable (String) -> Void) {
    engine.setDiagnostics(handler)
  }

  public func onLinkEvent(_ handler: @escaping @Sendable (LinkEvent) -> Void) {
    engine.setLinkEventHandler(handler)
  }

  public func shutdown() {
    engine.shutdown()
  }

  private func add(_ proxy: String, _ type: ToxicKind, _ stream: ToxicStream, _ attributes: [String: Int])
    throws
    -> String
  {
    lock.lock()
    counter += 1
    let name = "chaos-\(type.rawValue)-\(stream.rawValue)-\(counter)"
    lock.unlock()
    let added = try engine.addToxic(
      proxy, ToxicSpec(name: name, type: type, stream: stream, attributes: attributes))
    return added.name ?? name
  }
}
