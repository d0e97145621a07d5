import ChaosProxy
import Foundation
import Scenario

/// ``FaultInjector`` over ChaosProxy's in-process `ProxyEngine`.
///
/// Enabling and disabling is `updateProxy`; `cut` is `cutProxy` (open links dropped, the listener
/// kept, each new connection recorded and reset); toxics are the engine's, named
/// `chaos-<type>-<stream>-<n>`; `reset` resets every open link; `clear` removes every toxic and
/// enables the proxy. Taps are the engine's `ProxySpec.tap`
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

  public func metricsText() -> String {
    engine.metricsText()
  }

  public func listenPort(_ proxy: String) -> UInt16? {
    engine.proxy(proxy)?.listenPort
  }

  public func setEnabled(_ proxy: String, _ enabled: Bool) throws {
    try engine.updateProxy(proxy, enabled: enabled)
  }

  public func cut(_ proxy: String) throws {
    try engine.cutProxy(proxy)
  }

  public func addToxic(_ proxy: String, _ toxic: ToxicRequest) throws -> String {
    guard let type = ToxicKind(rawValue: toxic.type) else {
      throw HarnessError.invalid("unknown toxic type \(toxic.type)")
    }
    guard let stream = ToxicStream(rawValue: toxic.stream) else {
      throw HarnessError.invalid("unknown toxic stream \(toxic.stream)")
    }
    lock.lock()
    counter += 1
    let name = "chaos-\(type.rawValue)-\(stream.rawValue)-\(counter)"
    lock.unlock()
    let added = try engine.addToxic(
      proxy,
      ToxicSpec(
        name: name, type: type, stream: stream, toxicity: toxic.toxicity, attributes: toxic.attributes))
    return added.name ?? name
  }

  public func removeToxic(_ proxy: String, _ name: String) throws {
    try engine.removeToxic(proxy, name)
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
}
