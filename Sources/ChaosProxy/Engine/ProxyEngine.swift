import Foundation

/// The fault-injection proxy: many TCP proxies with toxics, served by one libevent loop on its own
/// thread. Every method may be called from any thread; the work runs on the loop thread and the
/// call waits for its result. The HTTP API (``serveAPI(host:port:)``) is a thin layer over these,
/// served by a second loop thread: a request blocks only the API (resolving an upstream's DNS
/// name with `getaddrinfo`, for one), never the links.
public final class ProxyEngine: @unchecked Sendable {
  private let loop: EventLoop
  private let core: EngineCore
  private let apiLock = NSLock()
  private var api: (loop: EventLoop, server: HTTPServer)?

  /// Called before each name resolution, on the resolving thread (tests slow it down).
  nonisolated(unsafe) static var beforeResolving: (@Sendable () -> Void)?

  /// Starts the event-loop thread. `seed` drives toxicity decisions, jitter and slice sizes.
  public init(seed: UInt64 = 1) throws {
    loop = try EventLoop()
    core = EngineCore(loop: loop, seed: seed)
  }

  deinit { shutdown() }

  /// `host:port` to an address; blocking (getaddrinfo), so never on the loop thread.
  private func resolve(_ text: String, passive: Bool = false) throws -> SocketAddress {
    assert(!loop.isCurrent, "name resolution on the proxy loop thread")
    Self.beforeResolving?()
    return try SocketAddress.resolve(text, passive: passive)
  }

  private func onLoop<T>(_ body: @escaping (EngineCore) throws -> T) throws -> T {
    try loop.sync { [core] in try body(core) }
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

  /// Extension: what the proxy's tap saw, summed over its closed and open links.
  public func taps(_ name: String) throws -> TapReport {
    try onLoop { try $0.runtime(name).tapReport }
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
    return try onLoop { core in
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
    try onLoop { core in
      let proxy = try core.runtime(name)
      try proxy.cut()
      return proxy.status
    }
  }

  public func deleteProxy(_ name: String) throws {
    try onLoop { try $0.delete(name) }
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
    return try onLoop { core -> ProxyStatus in
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
    try onLoop { try $0.addToxic(proxy, toxic) }
  }

  /// Changes some attributes (the others keep their values) and/or the toxicity.
  @discardableResult
  public func updateToxic(_ proxy: String, _ name: String, attributes: [String: Int], toxicity: Double? = nil)
    throws -> ToxicSpec
  {
    try onLoop { try $0.updateToxic(proxy, name, attributes: attributes, toxicity: toxicity) }
  }

  public func removeToxic(_ proxy: String, _ name: String) throws {
    try onLoop { try $0.removeToxic(proxy, name) }
  }

  public func toxics(_ proxy: String) throws -> [ToxicSpec] {
    try onLoop { try $0.runtime(proxy).toxics }
  }

  // MARK: Links

  /// Resets (TCP RST) every open link of the proxy now; returns how many.
  public func resetLinks(_ proxy: String) throws -> Int {
    try onLoop { try $0.runtime(proxy).closeLinks(reset: true) }
  }

  /// The open links of a proxy, oldest first.
  public func links(_ proxy: String) throws -> [LinkStatus] {
    try onLoop { core in
      try core.runtime(proxy).links.values.sorted { $0.id < $1.id }.map(\.status)
    }
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
    try? onLoop { core in core.linkEventHandler = handler }
  }

  /// How many client connections were closed because the upstream could not be reached.
  public func failedConnects(_ proxy: String) throws -> Int {
    try onLoop { try $0.runtime(proxy).failedConnects }
  }

  /// Every proxy's counters, in creation order (`GET /metrics`).
  public func metrics() -> [ProxyMetrics] {
    (try? onLoop { core in core.ordered.map(\.metrics) }) ?? []
  }

  /// The text `GET /metrics` answers (without the process metrics), for readers in this process.
  public func metricsText() -> String {
    MetricsPage.render(metrics(), runtime: nil)
  }

  /// Removes every toxic and enables every proxy (`POST /reset`).
  public func reset() {
    try? onLoop { core in
      for error in core.reset() { core.diagnose("chaos proxy reset: \(error)") }
    }
  }

  // MARK: Control API and life cycle

  /// Extension: where the engine's diagnostic lines go — an upstream that refused a connection
  /// (`chaos proxy redis: upstream 127.0.0.1:6379 unreachable, closed 127.0.0.1:50312`), a reset
  /// that failed. The handler runs on the loop thread and must not call back into the engine;
  /// nil (the default) writes them to stderr.
  public func setDiagnostics(_ handler: (@Sendable (String) -> Void)?) {
    try? onLoop { core in core.diagnostics = handler }
  }

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
    loop.stop { [core] in core.shutdown() }
  }
}
