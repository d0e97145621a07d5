import Foundation

/// The links of one proxy on one loop thread. With `--threads N` a proxy has one shard per loop
/// and each link lives on its shard's loop from hand-off to close: its sockets, buffers, toxics and
/// timers are touched by that thread only. Loop-confined: the ``ProxyRuntime`` (on the first loop)
/// reaches the shard of another loop only through that loop's job queue (``run(_:)``), whose order
/// (first in, first out) keeps a hand-off before a later close or toxic change.
final class ProxyShard {
  let name: String
  let loop: EventLoop
  /// The loop's index in the engine (0: the first loop, where the listener is).
  let loopIndex: Int
  /// The toxic list of the proxy as this loop last heard it (upstream first, then downstream).
  private(set) var toxics: [ToxicSpec] = []
  private(set) var links: [Int: Link] = [:]
  private let dice: LoopDice
  private let hooks: EngineHooks
  private let events: LinkEventLog
  private let failedConnects: SharedCounter
  /// What closed links carried and their taps saw.
  private var closed = ShardCounters()

  init(
    name: String, loop: EventLoop, loopIndex: Int, dice: LoopDice, hooks: EngineHooks, events: LinkEventLog,
    failedConnects: SharedCounter
  ) {
    self.name = name
    self.loop = loop
    self.loopIndex = loopIndex
    self.dice = dice
    self.hooks = hooks
    self.events = events
    self.failedConnects = failedConnects
  }

  /// Runs `body` on the shard's loop: at once when the caller is on it, else queued there.
  func run(_ body: @escaping (ProxyShard) -> Void) {
    if loop.isCurrent {
      body(self)
    } else {
      loop.async { [self] in body(self) }
    }
  }

  private func record(_ kind: LinkEvent.Kind, _ link: Link, detail: String? = nil) {
    events.append(
      LinkEvent(
        proxy: name, link: link.id, kind: kind, client: link.clientAddress, clientPort: link.clientPort,
        time: Clock.now(), detail: detail))
  }

  /// Takes an accepted client socket: a link that connects to the upstream, with the proxy's tap
  /// and the toxics this loop knows.
  func adopt(
    fd: Int32, peer: SocketAddress, id: Int, tap: TapProtocol?, upstream: String,
    upstreamAddress: SocketAddress
  ) {
    let link = Link(id: id, loop: loop, fd: fd, client: peer)
    record(.accepted, link)
    link.onConnected = { [unowned self] link in self.record(.connected, link) }
    link.onClose = { [unowned self] link, failed in
      self.record(failed ? .connectFailed : .closed, link)
      self.links.removeValue(forKey: link.id)
      link.tap?.ledger.closeAll()
      self.closed.add(link)
      if failed {
        self.failedConnects.increment()
        self.hooks.diagnose(
          "chaos proxy \(self.name): upstream \(upstream) unreachable, closed \(link.clientAddress)")
      }
    }
    links[link.id] = link
    if let tap {
      link.tap = LinkTap(kind: tap)
      link.onTapEvents = { [unowned self] link in
        if let reason = link.tap?.ledger.takeStop() { self.record(.tapStopped, link, detail: reason) }
        if !link.exchangeSeen { self.recordFirstExchange(link) }
        self.checkTriggers(link)
      }
    }
    for toxic in toxics { decide(toxic, on: link) }
    install(on: link)
    link.start(upstream: upstreamAddress)
  }

  /// Closes every open link (with `reset`, the clients get a TCP RST); returns how many.
  @discardableResult
  func closeLinks(reset: Bool) -> Int {
    let open = Array(links.values)
    for link in open { link.close(reset: reset) }
    links.removeAll()
    return open.count
  }

  /// Replaces the toxic list; `redecide` names toxics whose toxicity must be drawn again per link.
  func setToxics(_ list: [ToxicSpec], redecide: Set<String>) {
    toxics = ToxicSpec.listed(list)
    for link in links.values {
      for toxic in list
      where redecide.contains(toxic.resolvedName) || link.decisions[toxic.resolvedName] == nil {
        link.decisions[toxic.resolvedName] = dice.decide(toxic.toxicity)
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
    link.decisions[name] = dice.decide(toxic.toxicity)
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
        link.decisions[name] = dice.decide(toxic.toxicity)
        fired = true
      }
    }
    if fired { install(on: link) }
  }

  /// This shard's part of the proxy's counters: closed links plus open ones.
  var counters: ShardCounters {
    var counters = closed
    counters.openLinks = links.count
    for link in links.values { counters.add(link) }
    return counters
  }

  private func install(on link: Link) {
    var chains: [[ToxicSpec]] = [[], []]
    for toxic in toxics where link.decisions[toxic.resolvedName] == true {
      chains[toxic.stream == .upstream ? 0 : 1].append(toxic)
    }
    link.apply(toxics: chains) { [dice] _ in dice.nextSeed() }
  }
}
