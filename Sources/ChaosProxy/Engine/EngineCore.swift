import Foundation

/// Every proxy, on the first loop thread. ``ProxyEngine`` hands each call over to that loop and
/// runs it here; what concerns links on other loops is queued to them by each proxy's shards.
final class EngineCore {
  /// The first loop: listeners, toxic lists, counters, and a share of the links.
  let loop: EventLoop
  /// Every loop, the first included; a link lives on one of them.
  let loops: [EventLoop]
  /// The seeded draws of each loop (index: the loop's), each used on its loop only.
  let dice: [LoopDice]
  let hooks: EngineHooks
  private(set) var proxies: [String: ProxyRuntime] = [:]
  private var order: [String] = []
  private var durationTimers: [String: LoopTimer] = [:]

  init(loops: [EventLoop], seed: UInt64, hooks: EngineHooks) {
    loop = loops[0]
    self.loops = loops
    dice = loops.indices.map { LoopDice(seed: seed, loopIndex: $0) }
    self.hooks = hooks
  }

  /// Reports one diagnostic line (no trailing newline) to the diagnostics handler or to stderr.
  func diagnose(_ line: String) { hooks.diagnose(line) }

  func runtime(_ name: String) throws -> ProxyRuntime {
    guard let proxy = proxies[name] else { throw ProxyError.proxyNotFound }
    return proxy
  }

  var ordered: [ProxyRuntime] { order.compactMap { proxies[$0] } }

  func create(_ spec: ProxySpec, listen: SocketAddress, upstream: SocketAddress) throws -> ProxyStatus {
    guard proxies[spec.name] == nil else { throw ProxyError.proxyAlreadyExists }
    let proxy = ProxyRuntime(spec: spec, listenAddress: listen, upstreamAddress: upstream, core: self)
    proxy.tap = spec.tap
    if spec.enabled { try proxy.start() }
    proxies[spec.name] = proxy
    order.append(spec.name)
    return proxy.status
  }

  func delete(_ name: String) throws {
    let proxy = try runtime(name)
    for toxic in proxy.toxics { cancelDuration(proxy: name, toxic: toxic.resolvedName) }
    proxy.stop()
    proxies.removeValue(forKey: name)
    order.removeAll { $0 == name }
  }

  func addToxic(_ proxyName: String, _ spec: ToxicSpec) throws -> ToxicSpec {
    let proxy = try runtime(proxyName)
    let toxic = try ToxicCatalog.normalized(spec)
    let name = toxic.resolvedName
    if proxy.tap == nil, toxic.trigger != nil || toxic.match != nil {
      throw ProxyError.invalid(
        "a toxic with a trigger or a match needs a tap on the proxy (\"tap\": \"resp\" or \"amqp\")")
    }
    guard !proxy.toxics.contains(where: { $0.resolvedName == name }) else {
      throw ProxyError.toxicAlreadyExists
    }
    proxy.setToxics(proxy.toxics + [toxic], redecide: [name])
    if let duration = toxic.durationMs {
      let key = "\(proxyName)/\(name)"
      let timer = LoopTimer(loop: loop) { [unowned self] in
        self.durationTimers.removeValue(forKey: key)
        try? self.removeToxic(proxyName, name)
      }
      timer.schedule(after: Double(duration))
      durationTimers[key] = timer
    }
    return toxic
  }

  func updateToxic(_ proxyName: String, _ name: String, attributes: [String: Int], toxicity: Double?) throws
    -> ToxicSpec
  {
    let proxy = try runtime(proxyName)
    guard let index = proxy.toxics.firstIndex(where: { $0.resolvedName == name }) else {
      throw ProxyError.toxicNotFound
    }
    var toxic = proxy.toxics[index]
    toxic.attributes.merge(attributes) { _, new in new }
    if let toxicity { toxic.toxicity = toxicity }
    toxic = try ToxicCatalog.normalized(toxic)
    var list = proxy.toxics
    list[index] = toxic
    proxy.setToxics(list, redecide: toxicity == nil ? [] : [name])
    return toxic
  }

  func removeToxic(_ proxyName: String, _ name: String) throws {
    let proxy = try runtime(proxyName)
    guard proxy.toxics.contains(where: { $0.resolvedName == name }) else {
      throw ProxyError.toxicNotFound
    }
    cancelDuration(proxy: proxyName, toxic: name)
    proxy.setToxics(proxy.toxics.filter { $0.resolvedName != name }, redecide: [])
  }

  private func cancelDuration(proxy: String, toxic: String) {
    durationTimers.removeValue(forKey: "\(proxy)/\(toxic)")?.cancel()
  }

  /// POST /reset: every toxic removed, every proxy enabled. Returns the errors of proxies that
  /// could not listen again.
  func reset() -> [String] {
    var errors: [String] = []
    for proxy in ordered {
      for toxic in proxy.toxics { cancelDuration(proxy: proxy.name, toxic: toxic.resolvedName) }
      proxy.setToxics([], redecide: [])
      do { try proxy.start() } catch { errors.append("\(proxy.name): \(error)") }
    }
    return errors
  }

  func shutdown() {
    for timer in durationTimers.values { timer.cancel() }
    durationTimers.removeAll()
    for proxy in ordered { proxy.stop() }
    proxies.removeAll()
    order.removeAll()
  }
}
