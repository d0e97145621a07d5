import Foundation

/// One proxy on the first loop thread: its listener, its toxics and its counters, and one
/// ``ProxyShard`` per loop holding the links that live there. Accepted sockets are handed to the
/// shards in turn (with one loop, to the shard of this loop, at once). Loop-confined: only
/// ``EngineCore`` touches it, on the first loop thread.
final class ProxyRuntime {
  let name: String
  /// The listen address as asked for (port 0 stays 0 here), for idempotent `/populate`.
  private(set) var requestedListen: String
  /// The listen address to bind: the real one once bound, so that re-enabling keeps the port.
  private(set) var listen: String
  private(set) var upstream: String
  private(set) var enabled: Bool
  /// Cut: the listener stays open, but every connection it accepts is recorded as a `refused`
  /// link event and reset at once (the client sees its connect succeed, then ECONNRESET).
  private(set) var refusing = false
  /// Accept, connect, first exchange and close of every link (``LinkEvent``), from every loop.
  let events: LinkEventLog
  private(set) var toxics: [ToxicSpec] = []
  /// The links, one shard per loop (index: the loop's), the first on this loop.
  let shards: [ProxyShard]
  private let failedConnectCount: SharedCounter
  private(set) var acceptedLinks = 0
  private(set) var refusedAttempts = 0
  /// The protocol tap given to new links.
  var tap: TapProtocol?

  private let loop: EventLoop
  private var listenAddress: SocketAddress
  private var upstreamAddress: SocketAddress
  private var listener: Listener?
  private var boundPort: UInt16 = 0
  private var nextLinkID = 0
  /// The shard that gets the next accepted socket (round robin).
  private var nextShard = 0

  init(spec: ProxySpec, listenAddress: SocketAddress, upstreamAddress: SocketAddress, core: EngineCore) {
    name = spec.name
    requestedListen = spec.listen
    listen = spec.listen
    upstream = spec.upstream
    enabled = false
    self.listenAddress = listenAddress
    self.upstreamAddress = upstreamAddress
    loop = core.loop
    let events = LinkEventLog(hooks: core.hooks)
    let failed = SharedCounter()
    self.events = events
    failedConnectCount = failed
    shards = core.loops.indices.map { index in
      ProxyShard(
        name: spec.name, loop: core.loops[index], loopIndex: index, dice: core.dice[index], hooks: core.hooks,
        events: events, failedConnects: failed)
    }
  }

  /// Clients closed because the upstream could not be reached, on every loop.
  var failedConnects: Int { failedConnectCount.value }

  var isListening: Bool { listener != nil }

  var status: ProxyStatus {
    var status = ProxyStatus(
      name: name, listen: listen, upstream: upstream, enabled: enabled, toxics: toxics, listenPort: boundPort,
      tap: tap)
    status.acceptedLinks = acceptedLinks
    status.failedConnects = failedConnects
    status.refusing = refusing
    status.refusedAttempts = refusedAttempts
    return status
  }

  /// Binds the listener; the real address replaces port 0.
  func start() throws {
    refusing = false
    guard listener == nil else {
      enabled = true
      return
    }
    let bound = try Listener(loop: loop, address: listenAddress, text: listen) { [unowned self] fd, peer in
      self.accept(fd: fd, peer: peer)
    }
    listener = bound
    listenAddress = bound.boundAddress
    boundPort = bound.boundAddress.port
    listen = bound.boundAddress.description
    enabled = true
  }

  /// Closes the listener (new connections are refused) and drops every open link.
  func stop() {
    listener?.close()
    listener = nil
    enabled = false
    refusing = false
    closeLinks(reset: false)
  }

  /// Cuts the proxy: drops every open link and keeps listening, resetting (and recording) each
  /// connection attempt until ``start()``.
  func cut() throws {
    if listener == nil { try start() }
    refusing = true
    enabled = false
    closeLinks(reset: false)
  }

  /// Closes the open links on every loop (those of other loops soon after, in their loop's order:
  /// after every socket handed to them before).
  func closeLinks(reset: Bool) {
    for shard in shards { shard.run { $0.closeLinks(reset: reset) } }
  }

  /// Changes where the proxy listens or forwards; open links are dropped, as in Toxiproxy.
  func rebind(
    listen newListen: String?, listenAddress newAddress: SocketAddress?, upstream newUpstream: String?,
    upstreamAddress newUpstreamAddress: SocketAddress?
  ) throws {
    let wasEnabled = enabled
    let saved = (requestedListen, listen, listenAddress, upstream, upstreamAddress)
    stop()
    if let newListen, let newAddress {
      requestedListen = newListen
      listen = newListen
      listenAddress = newAddress
      boundPort = 0
    }
    if let newUpstream, let newUpstreamAddress {
      upstream = newUpstream
      upstreamAddress = newUpstreamAddress
    }
    guard wasEnabled else { return }
    do {
      try start()
    } catch {
      (requestedListen, listen, listenAddress, upstream, upstreamAddress) = saved
      try? start()
      throw error
    }
  }

  private func accept(fd: Int32, peer: SocketAddress) {
    nextLinkID += 1
    if refusing {
      refusedAttempts += 1
      events.append(
        LinkEvent(
          proxy: name, link: nextLinkID, kind: .refused, client: peer.description, clientPort: peer.port,
          time: Clock.now(), detail: nil))
      SocketReset.resetAndClose(fd)
      return
    }
    acceptedLinks += 1
    let shard = shards[nextShard]
    nextShard = (nextShard + 1) % shards.count
    let (id, tap, upstream, upstreamAddress) = (nextLinkID, tap, upstream, upstreamAddress)
    shard.run { shard in
      shard.adopt(fd: fd, peer: peer, id: id, tap: tap, upstream: upstream, upstreamAddress: upstreamAddress)
    }
  }

  /// Replaces the toxic list, on every loop; `redecide` names toxics whose toxicity must be drawn
  /// again per link.
  func setToxics(_ list: [ToxicSpec], redecide: Set<String>) {
    toxics = ToxicSpec.listed(list)
    for shard in shards { shard.run { $0.setToxics(list, redecide: redecide) } }
  }

  /// The counters of `GET /metrics` known on this loop; the shards' parts are added by the engine,
  /// which gathers them from every loop.
  var metrics: ProxyMetrics {
    ProxyMetrics(
      name: name, listen: listen, upstream: upstream, enabled: enabled,
      receivedBytes: [0, 0], sentBytes: [0, 0], openLinks: 0,
      acceptedLinks: acceptedLinks, failedConnects: failedConnects, refusedAttempts: refusedAttempts,
      toxics: toxics.count, tap: tap == nil ? nil : TapReport())
  }
}
