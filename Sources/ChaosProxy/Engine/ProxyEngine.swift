import Foundation

/// The fault-injection proxy: many TCP proxies with toxics, served by libevent loops, each on its
/// own thread (one by default; `threads:` more). Every method may be called from any thread but
/// the loops' own; the work runs on the loop threads and the call waits for its result. The HTTP
/// API (``serveAPI(host:port:)``) is a thin layer over these, served by a loop thread of its own:
/// a request blocks only the API (resolving an upstream's DNS name with `getaddrinfo`, for one),
/// never the links.
///
/// With several loops, the first holds the listeners, the toxic lists and the counters, and hands
/// each accepted socket to the loops in turn; a link then lives on its loop until it closes. A
/// change (toxics, disable, cut, delete) is made on the first loop, which queues it to the others;
/// the call returns once every loop has run it. Reads (links, taps, metrics) are gathered from
/// each loop in turn by the calling thread: no loop ever waits for another.
public final class ProxyEngine: @unchecked Sendable {
  private let loop: EventLoop
  /// Every loop, the first (``loop``) included.
  private let loops: [EventLoop]
  private let core: EngineCore
  private let hooks = EngineHooks()
  private let apiLock = NSLock()
  private var api: (loop: EventLoop, server: HTTPServer)?

  /// Called before each name resolution, on the resolving thread (tests slow it down); nil in use.
  private let beforeResolving: (@Sendable () -> Void)?

  /// Starts the event-loop threads (`threads` of them, at least 1). `seed` drives toxicity
  /// decisions, jitter and slice sizes (with one loop, exactly as before loops were many; with
  /// more, each loop draws from its own generator, seeded from `seed`).
  public convenience init(seed: UInt64 = 1, threads: Int = 1) throws {
    try self.init(seed: seed, threads: threads, beforeResolving: nil)
  }

  /// As ``init(seed:threads:)``, with `beforeResolving` run before each name resolution.
  init(seed: UInt64, threads: Int, beforeResolving: (@Sendable () -> Void)?) throws {
    self.beforeResolving = beforeResolving
    guard threads >= 1 else { throw ProxyError.invalid("threads must be at least 1, got \(threads)") }
    var started: [EventLoop] = []
    for _ in 0..<threads { started.append(try EventLoop()) }
    loops = started
    loop = started[0]
    core = EngineCore(loops: started, seed: seed, hooks: hooks)
  }

  /// How many loop threads carry the links.
  public var threads: Int { loops.count }

  deinit { shutdown() }

  /// `host:port` to an address; blocking (getaddrinfo), so never on the loop thread.
  private func resolve(_ text: String, passive: Bool = false) throws -> SocketAddress {
    assert(!loops.contains { $0.isCurrent }, "name resolution on a proxy loop thread")
    beforeResolving?()
    return try SocketAddress.resolve(text, passive: passive)
  }

  private func onLoop<T>(_ body: @escaping (EngineCore) throws -> T) throws -> T {
    try loop.sync { [core] in try body(core) }
  }

  /// Runs a change on the first loop, then waits until every other loop has run what it queued to
  /// them (an empty job on each: their queues run in order).
  private func changing<T>(_ body: @escaping (EngineCore) throws -> T) throws -> T {
    defer { for other in loops.dropFirst() { try? other.sync {} } }
    return try onLoop(body)
  }

  /// `body` on each shard of the proxy, on the shard's loop, one loop after the other.
  private func gather<T>(_ proxy: String, _ body: @escaping (ProxyShard) -> T) throws -> [T] {
    let shards = try onLoop { try $0.runtime(proxy).shards }
    return try shards.map { shard in try shard.loop.sync { body(shard) } }
  }

  // MARK: Proxies

  @discardableResult
  public func createProxy(_ spec: ProxySpec) throws -> ProxyStatus {
    try Self.validate(spec)
    // A name taken answers 409 before the addresses are looked at, as in Toxiproxy.
    if proxy(spec.name) != nil { throw ProxyError.proxyAlreadyExists }
    let listen = try resolve(spec.listen, passive: true)
    let upstream = try resolve(spec.upstream)
    return try onLoop { try $0.create(spec, listen: listen, upstream: upstream) }
  }

  /// Extension: decodes `tap` (RESP or AMQP) on the proxy's new links, or stops decoding (nil).
  /// Links open before keep what they had.
  @discardableResult
  public func setTap(_ name: String, _ tap: TapProtocol?) throws -> ProxyStatus {
    try onLoop { core in
      let proxy = try core.runtime(name)
      proxy.tap = tap
      return proxy.status
    }
  }

  /// Extension: what the proxy's tap saw, summed over its closed and open links (on every loop).
  public func taps(_ name: String) throws -> TapReport {
    var total = TapReport()
    for part in try gather(name, \.counters.tap) { total.add(part) }
    return total
  }

  /// Waits until the proxy's tap has counted `count` events named `event` (same names and
  /// aliases as ``ToxicTrigger``), for a scenario step such as `after: 20 deliveries on rabbitmq`.
  /// Returns false on timeout.
  public func waitForTap(_ name: String, event: String, count: Int, timeout: Double) throws -> Bool {
    let deadline = Clock.now() + timeout * 1000
    while true {
      if try taps(name).count(of: event) >= count { return true }
      if Clock.now() >= deadline { return false }
      usleep(5_000)
    }
  }

  /// Enables or disables a proxy, or moves it. Disabling refuses new connections and drops open
  /// ones; a new listen address or upstream re-binds and drops open links.
  @discardableResult
  public func updateProxy(
    _ name: String, enabled: Bool? = nil, listen: String? = nil, upstream: String? = nil
  )
    throws -> ProxyStatus
  {
    if let upstream, upstream.isEmpty { throw ProxyError.invalid("upstream must not be empty") }
    let listenAddress = try listen.map { try resolve($0, passive: true) }
    let upstreamAddress = try upstream.map { try resolve($0) }
    return try changing { core in
      let proxy = try core.runtime(name)
      let moveListen = listen != nil && listen != proxy.requestedListen && listen != proxy.listen
      let moveUpstream = upstream != nil && upstream != proxy.upstream
      if moveListen || moveUpstream {
        try proxy.rebind(
          listen: moveListen ? listen : nil, listenAddress: listenAddress,
          upstream: moveUpstream ? upstream : nil, upstreamAddress: upstreamAddress)
      }
      if let enabled, enabled != proxy.enabled || enabled != proxy.isListening || proxy.refusing {
        if enabled { try proxy.start() } else { proxy.stop() }
      }
      return proxy.status
    }
  }

  /// Extension: cuts the proxy — open links are dropped and the listener stays, resetting (TCP RST)
  /// every connection it accepts and recording each as a `refused` ``LinkEvent``, so that the
  /// clients' attempts during the cut are seen. `updateProxy(enabled: true)` ends the cut.
  @discardableResult
  public func cutProxy(_ name: String) throws -> ProxyStatus {
    try changing { core in
      let proxy = try core.runtime(name)
      try proxy.cut()
      return proxy.status
    }
  }

  public func deleteProxy(_ name: String) throws {
    try changing { try $0.delete(name) }
  }

  public func proxies() -> [ProxyStatus] {
    (try? onLoop { core in core.ordered.map(\.status) }) ?? []
  }

  public func proxy(_ name: String) -> ProxyStatus? {
    try? onLoop { core in core.proxies[name]?.status }
  }

  /// Creates or replaces a list of proxies (`POST /populate`). A proxy that already exists with
  /// the same listen, upstream and enabled flag is left alone (and keeps its links), so that
  /// populating twice is harmless.
  ///
  /// As in Toxiproxy: every entry is checked for a name and an upstream first (nothing is created
  /// when one lacks them: `missing required field: name at proxy 2`); then the entries are
  /// created in order, and the first that fails stops the list — those before it stay, and the
  /// ``PopulateFailure`` thrown lists them.
  @discardableResult
  public func populate(_ specs: [ProxySpec]) throws -> [ProxyStatus] {
    for (index, spec) in specs.enumerated() { try Self.validate(spec, at: index + 1) }
    var results: [ProxyStatus] = []
    for spec in specs {
      do {
        results.append(try populateOne(spec))
      } catch let error as ProxyError {
        throw PopulateFailure(error: error, created: results)
      }
    }
    return results
  }

  private func populateOne(_ spec: ProxySpec) throws -> ProxyStatus {
    let listen = try resolve(spec.listen, passive: true)
    let upstream = try resolve(spec.upstream)
    return try changing { core -> ProxyStatus in
      if let existing = core.proxies[spec.name] {
        if existing.requestedListen == spec.listen || existing.listen == spec.listen,
          existing.upstream == spec.upstream
        {
          if spec.enabled != existing.enabled {
            if spec.enabled { try existing.start() } else { existing.stop() }
          }
          existing.tap = spec.tap
          return existing.status
        }
        try core.delete(spec.name)
      }
      return try core.create(spec, listen: listen, upstream: upstream)
    }
  }

  /// Toxiproxy's checks and texts; `entry` (1-based) names the `/populate` entry at fault.
  private static func validate(_ spec: ProxySpec, at entry: Int? = nil) throws {
    let suffix = entry.map { " at proxy \($0)" } ?? ""
    guard !spec.name.isEmpty else { throw ProxyError.invalid("missing required field: name\(suffix)") }
    guard !spec.name.contains("/") else {
      throw ProxyError.invalid("proxy name must not contain '/'\(suffix)")
    }
    guard !spec.upstream.isEmpty else {
      throw ProxyError.invalid("missing required field: upstream\(suffix)")
    }
  }

  // MARK: Toxics

  /// Adds a toxic; it acts on open links at once. Fills the default name and every attribute.
  @discardableResult
  public func addToxic(_ proxy: String, _ toxic: ToxicSpec) throws -> ToxicSpec {
    try changing { try $0.addToxic(proxy, toxic) }
  }

  /// Changes some attributes (the others keep their values) and/or the toxicity.
  @discardableResult
  public func updateToxic(_ proxy: String, _ name: String, attributes: [String: Int], toxicity: Double? = nil)
    throws -> ToxicSpec
  {
    try changing { try $0.updateToxic(proxy, name, attributes: attributes, toxicity: toxicity) }
  }

  public func removeToxic(_ proxy: String, _ name: String) throws {
    try changing { try $0.removeToxic(proxy, name) }
  }

  public func toxics(_ proxy: String) throws -> [ToxicSpec] {
    try onLoop { try $0.runtime(proxy).toxics }
  }

  // MARK: Links

  /// Resets (TCP RST) every open link of the proxy now; returns how many.
  public func resetLinks(_ proxy: String) throws -> Int {
    try gather(proxy) { $0.closeLinks(reset: true) }.reduce(0, +)
  }

  /// The open links of a proxy, oldest first (on every loop).
  public func links(_ proxy: String) throws -> [LinkStatus] {
    try gather(proxy) { $0.links.values.map { ($0.id, $0.status) } }.joined()
      .sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// Extension: how many links of the proxy each loop holds now (index: the loop's; one entry
  /// per loop thread).
  public func openLinksPerLoop(_ proxy: String) throws -> [Int] {
    try gather(proxy) { $0.links.count }
  }

  /// Extension: the link events of a proxy (accept, upstream connect, first successful exchange,
  /// close, refused attempts while cut), oldest first; the newest 100 000 are kept.
  public func linkEvents(_ proxy: String) throws -> [LinkEvent] {
    try onLoop { try $0.runtime(proxy).events.all }
  }

  /// Extension: receives every link event as it happens. The handler runs on the loop thread, at
  /// accept, connect, first exchange and close only; it must be quick and must not call back into
  /// the engine.
  public func setLinkEventHandler(_ handler: (@Sendable (LinkEvent) -> Void)?) {
    hooks.setLinkEventHandler(handler)
  }

  /// How many client connections were closed because the upstream could not be reached.
  public func failedConnects(_ proxy: String) throws -> Int {
    try onLoop { try $0.runtime(proxy).failedConnects }
  }

  /// Every proxy's counters, in creation order (`GET /metrics`).
  public func metrics() -> [ProxyMetrics] {
    guard let known = try? onLoop({ core in core.ordered.map { ($0.metrics, $0.shards) } }) else { return [] }
    var metrics = known.map(\.0)
    for (index, loop) in loops.enumerated() {
      let parts = (try? loop.sync { known.map { $0.1[index].counters } }) ?? []
      for (proxy, part) in parts.enumerated() { metrics[proxy].add(part, loops: loops.count) }
    }
    return metrics
  }

  /// The text `GET /metrics` answers (without the process metrics), for readers in this process.
  public func metricsText() -> String {
    MetricsPage.render(metrics(), runtime: nil)
  }

  /// Removes every toxic and enables every proxy (`POST /reset`).
  public func reset() {
    try? changing { core in
      for error in core.reset() { core.diagnose("chaos proxy reset: \(error)") }
    }
  }

  // MARK: Control API and life cycle

  /// Extension: where the engine's diagnostic lines go — an upstream that refused a connection
  /// (`chaos proxy redis: upstream 127.0.0.1:6379 unreachable, closed 127.0.0.1:50312`), a reset
  /// that failed. The handler runs on the loop thread and must not call back into the engine;
  /// nil (the default) writes them to stderr.
  public func setDiagnostics(_ handler: (@Sendable (String) -> Void)?) {
    hooks.setDiagnostics(handler)
  }

  /// One diagnostic line to the handler of ``setDiagnostics(_:)`` (stderr when none).
  func diagnose(_ line: String) { hooks.diagnose(line) }

  /// What `GET /version` answers.
  public static var apiVersion: String { APIRouter.version }

  /// Serves the Toxiproxy-compatible HTTP API on the loop; returns the bound port (0 → ephemeral).
  /// `runtimeMetrics` adds the process metrics to `GET /metrics` (Toxiproxy's `-runtime-metrics`).
  @discardableResult
  public func serveAPI(host: String = "127.0.0.1", port: UInt16 = 8474, runtimeMetrics: Bool = false) throws
    -> UInt16
  {
    let router = APIRouter(engine: self, runtimeMetrics: runtimeMetrics)
    // evhttp resolves the host itself and reports a failure with errno 0 ("…: Success").
    _ = try resolve(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)", passive: true)
    apiLock.lock()
    defer { apiLock.unlock() }
    if api != nil { throw ProxyError.invalid("the API is already served") }
    let apiLoop = try EventLoop()
    do {
      let server = try apiLoop.sync {
        try HTTPServer(loop: apiLoop, host: host, port: port) { request in router.handle(request) }
      }
      api = (apiLoop, server)
      return server.port
    } catch {
      apiLoop.stop {}
      throw error
    }
  }

  /// Closes every link and listener and the API, then stops the loop thread. Idempotent.
  public func shutdown() {
    apiLock.lock()
    let served = api
    api = nil
    apiLock.unlock()
    if let served { served.loop.stop { served.server.close() } }
    // The first loop queues the closing of links to the others before they stop.
    loop.stop { [core] in core.shutdown() }
    for other in loops.dropFirst() { other.stop {} }
  }
}
