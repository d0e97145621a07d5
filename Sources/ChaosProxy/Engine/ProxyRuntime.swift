import Foundation

/// One proxy on the loop thread: its listener, its open links and its toxics.
/// Loop-confined: only ``EngineCore`` touches it, on the loop thread.
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
  /// Accept, connect, first exchange and close of every link (``LinkEvent``).
  let events = LinkEventLog()
  private(set) var toxics: [ToxicSpec] = []
  private(set) var links: [Int: Link] = [:]
  private(set) var failedConnects = 0
  private(set) var acceptedLinks = 0
  private(set) var refusedAttempts = 0
  /// The protocol tap given to new links.
  var tap: TapProtocol?
  /// What the taps of closed links saw.
  private var closedTaps = TapReport()
  /// Bytes received and sent by closed links, per direction (0 upstream, 1 downstream).
  private var closedReceived = Pair(0, 0)
  private var closedSent = Pair(0, 0)

  private let loop: EventLoop
  private unowned let core: EngineCore
  private var listenAddress: SocketAddress
  private var upstreamAddress: SocketAddress
  private var listener: Listener?
  private var boundPort: UInt16 = 0
  private var nextLinkID = 0

  init(spec: ProxySpec, listenAddress: SocketAddress, upstreamAddress: SocketAddress, core: EngineCore) {
    name = spec.name
    requestedListen = spec.listen
    listen = spec.listen
    upstream = spec.upstream
    enabled = false
    self.listenAddress = listenAddress
    self.upstreamAddress = upstreamAddress
    self.core = core
    loop = core.loop
  }

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

  private func record(_ kind: LinkEvent.Kind, link: Int, client: String, port: UInt16, detail: String? = nil)
  {
    let event = LinkEvent(
      proxy: name, link: link, kind: kind, client: client, clientPort: port, time: Clock.now(), detail: detail
    )
    events.append(event)
    core.linkEventHandler?(event)
  }

  private func record(_ kind: LinkEvent.Kind, _ link: Link, detail: String? = nil) {
    record(kind, link: link.id, client: link.clientAddress, port: link.clientPort, detail: detail)
  }

  @discardableResult
  func closeLinks(reset: Bool) -> Int {
    let open = Array(links.values)
    for link in open { link.close(reset: reset) }
    links.removeAll()
    return open.count
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
      record(.refused, link: nextLinkID, client: peer.description, port: peer.port)
      SocketReset.resetAndClose(fd)
      return
    }
    acceptedLinks += 1
    let link = Link(id: nextLinkID, loop: loop, fd: fd, client: peer)
    record(.accepted, link)
    link.onConnected = { [unowned self] link in self.record(.connected, link) }
    link.onClose = { [unowned self] link, failed in
      self.record(failed ? .connectFailed : .closed, link)
      self.links.removeValue(forKey: link.id)
      for direction in 0..<2 {
        self.closedReceived[direction] += link.bytes[direction]
        self.closedSent[direction] += link.sent[direction]
      }
      if let tap = link.tap {
        tap.ledger.closeAll()
        self.closedTaps.add(tap.ledger.report)
      }
      if failed {
        self.failedConnects += 1
        self.core.diagnose(
          "chaos proxy \(self.name): upstream \(self.upstream) unreachable, closed \(link.clientAddress)")
      }
    }
    links[link.id] = link
    if let tap {
      link.tap = LinkTap(kind: tap)
      link.onTapEvents = { [unowned self] link in
        if !link.exchangeSeen { self.recordFirstExchange(link) }
        self.checkTriggers(link)
      }
    }
    for toxic in toxics { decide(toxic, on: link) }
    install(on: link)
    link.start(upstream: upstreamAddress)
  }

  /// Replaces the toxic list; `redecide` names toxics whose toxicity must be drawn again per link.
  /// Toxics are kept upstream first, then downstream, each in the order added: the order
  /// Toxiproxy lists them in (and `toxiproxy-cli inspect` prints).
  func setToxics(_ list: [ToxicSpec], redecide: Set<String>) {
    toxics = list.filter { $0.stream == .upstream } + list.filter { $0.stream == .downstream }
    for link in links.values {
      for toxic in list
      where redecide.contains(toxic.resolvedName) || link.decisions[toxic.resolvedName] == nil {
        link.decisions[toxic.resolvedName] = core.decide(toxic.toxicity)
      }
      install(on: link)
    }
  }

  /// Draws the toxicity of `toxic` for `link`, or, for a toxic with a trigger that has not fired
  /// on this link yet, leaves it off and waiting.
  private func decide(_ toxic: ToxicSpec, on link: Link) {
    let name = toxic.resolvedName
    if let trigger = toxic.trigger, (link.tap?.ledger.report.count(of: trigger.event) ?? 0) < trigger.count {
      link.decisions[name] = false
      link.waitingTriggers[name] = trigger
      return
    }
    link.waitingTriggers[name] = nil
    link.decisions[name] = core.decide(toxic.toxicity)
  }

  /// After the tap of `link` saw events, until the first successful exchange was recorded:
  /// AMQP `connection.open-ok` (`ready`), then the first delivery, client ack or publisher
  /// confirm; RESP the first non-error reply (`exchange`).
  private func recordFirstExchange(_ link: Link) {
    guard let report = link.tap?.ledger.report else { return }
    if !link.readySeen, report.events["connection.open-ok"] ?? 0 > 0 {
      link.readySeen = true
      record(.ready, link, detail: "connection.open-ok")
    }
    let counted: String? =
      report.replies > 0
      ? "reply"
      : report.deliveries > 0
        ? "basic.deliver" : report.acks > 0 ? "basic.ack" : report.confirms > 0 ? "confirm" : nil
    if let counted {
      link.exchangeSeen = true
      record(.exchange, link, detail: counted)
    }
  }

  /// After the tap of `link` saw events: toxics whose trigger count is reached start acting.
  private func checkTriggers(_ link: Link) {
    guard !link.waitingTriggers.isEmpty, let report = link.tap?.ledger.report else { return }
    var fired = false
    for (name, trigger) in link.waitingTriggers where report.count(of: trigger.event) >= trigger.count {
      link.waitingTriggers[name] = nil
      if let toxic = toxics.first(where: { $0.resolvedName == name }) {
        link.decisions[name] = core.decide(toxic.toxicity)
        fired = true
      }
    }
    if fired { install(on: link) }
  }

  /// The counters of `GET /metrics`: closed links plus open ones.
  var metrics: ProxyMetrics {
    var received = closedReceived
    var sent = closedSent
    for link in links.values {
      for direction in 0..<2 {
        received[direction] += link.bytes[direction]
        sent[direction] += link.sent[direction]
      }
    }
    return ProxyMetrics(
      name: name, listen: listen, upstream: upstream, enabled: enabled,
      receivedBytes: [received[0], received[1]], sentBytes: [sent[0], sent[1]], openLinks: links.count,
      acceptedLinks: acceptedLinks, failedConnects: failedConnects, refusedAttempts: refusedAttempts,
      toxics: toxics.count, tap: tap == nil ? nil : tapReport)
  }

  /// What the taps saw: closed links plus open ones.
  var tapReport: TapReport {
    var total = closedTaps
    for link in links.values { if let tap = link.tap { total.add(tap.ledger.report) } }
    return total
  }

  private func install(on link: Link) {
    var chains: [[ToxicSpec]] = [[], []]
    for toxic in toxics where link.decisions[toxic.resolvedName] == true {
      chains[toxic.stream == .upstream ? 0 : 1].append(toxic)
    }
    link.apply(toxics: chains) { [unowned core] _ in core.nextSeed() }
  }
}
