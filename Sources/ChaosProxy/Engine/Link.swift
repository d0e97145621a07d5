import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// One client connection through a proxy: a pair of bufferevents (client ⇄ server) and, per
/// direction, a ``ToxicPipe``. Index 0 is `upstream` (client → server), 1 is `downstream`.
///
/// With no toxic active, bytes move with `evbuffer_add_buffer` (no copy). Flow control: when a
/// direction holds more than ``highWater`` bytes (pending in toxics + the destination's output
/// buffer), reads on its source stop until it drains below ``lowWater``.
final class Link {
  static let highWater = 1 << 20
  static let lowWater = 256 << 10

  let id: Int
  let clientAddress: String
  let created = Clock.now()
  let pipes = [ToxicPipe(), ToxicPipe()]
  private(set) var bytes = [0, 0]
  private(set) var isClosed = false
  /// Toxicity decisions for this connection, by toxic name: does the toxic act on it?
  var decisions: [String: Bool] = [:]

  /// Called once when the link is gone; `failedConnect` when the upstream could not be reached.
  var onClose: ((Link, _ failedConnect: Bool) -> Void)?

  private let loop: EventLoop
  private var ends: [OpaquePointer?] = [nil, nil]  // [client, server] bufferevents
  private var connected = false
  private var closing = false
  private var closeScheduled = false
  private var sourceClosed = [false, false]
  private var paused = [false, false]
  private var pumpTimers: [LoopTimer?] = [nil, nil]
  private var toxicTimers: [String: [LoopTimer]] = [:]
  private var otherTimers: [LoopTimer] = []

  init(id: Int, loop: EventLoop, fd: Int32, client: SocketAddress) {
    self.id = id
    self.loop = loop
    clientAddress = client.description
    let options = Int32(BEV_OPT_CLOSE_ON_FREE.rawValue)
    ends = [bufferevent_socket_new(loop.base, fd, options), bufferevent_socket_new(loop.base, -1, options)]
    Self.setNoDelay(fd)
    let context = Unmanaged.passUnretained(self).toOpaque()
    bufferevent_setcb(
      ends[0],
      { _, context in Link.from(context) { $0.readable(0) } },
      { _, context in Link.from(context) { $0.writable(1) } },
      { _, what, context in Link.from(context) { $0.event(side: 0, what: Int32(what)) } },
      context)
    bufferevent_setcb(
      ends[1],
      { _, context in Link.from(context) { $0.readable(1) } },
      { _, context in Link.from(context) { $0.writable(0) } },
      { _, what, context in Link.from(context) { $0.event(side: 1, what: Int32(what)) } },
      context)
    for end in ends { bufferevent_setwatermark(end, Int16(EV_WRITE), Self.lowWater, 0) }
  }

  private static func from(_ context: UnsafeMutableRawPointer?, _ body: (Link) -> Void) {
    let link = Unmanaged<Link>.fromOpaque(context!).takeUnretainedValue()
    withExtendedLifetime(link) { body(link) }
  }

  private static func setNoDelay(_ fd: Int32) {
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
  }

  /// Starts connecting to the upstream and reading from the client.
  func start(upstream: SocketAddress) {
    let status = upstream.withSockaddr { bufferevent_socket_connect(ends[1], $0, $1) }
    if status != 0 {
      close(failedConnect: true)
      return
    }
    for end in ends { bufferevent_enable(end, Int16(EV_READ)) }
  }

  var status: LinkStatus {
    LinkStatus(
      client: clientAddress, bytesUpstream: bytes[0], bytesDownstream: bytes[1],
      ageSeconds: (Clock.now() - created) / 1000)
  }

  // MARK: Data

  private func output(_ direction: Int) -> OpaquePointer? {
    bufferevent_get_output(ends[1 - direction])
  }

  private func readable(_ direction: Int) {
    guard !isClosed, let source = ends[direction] else { return }
    let input = bufferevent_get_input(source)
    let count = evbuffer_get_length(input)
    guard count > 0 else { return }
    bytes[direction] += count
    if closing {
      evbuffer_drain(input, count)
      return
    }
    let pipe = pipes[direction]
    if pipe.isPassthrough {
      evbuffer_add_buffer(output(direction), input)
    } else {
      var data = [UInt8](repeating: 0, count: count)
      _ = data.withUnsafeMutableBytes { evbuffer_remove(input, $0.baseAddress, count) }
      perform(pipe.push(data, now: Clock.now()), key: nil)
      pump(direction)
      return
    }
    updateFlow(direction)
  }

  /// Delivers what is due in `direction` and arms the timer for the next chunk.
  private func pump(_ direction: Int) {
    guard !isClosed, !closing else { return }
    let pipe = pipes[direction]
    let now = Clock.now()
    for chunk in pipe.takeDue(now: now) { add(chunk, to: direction) }
    if let next = pipe.nextDue {
      if pumpTimers[direction] == nil {
        pumpTimers[direction] = LoopTimer(loop: loop) { [unowned self] in self.pump(direction) }
      }
      pumpTimers[direction]?.schedule(after: next - now)
    }
    if sourceClosed[direction], !pipe.hasPending { sourceDone(direction) }
    updateFlow(direction)
  }

  private func add(_ chunk: [UInt8], to direction: Int) {
    _ = chunk.withUnsafeBytes { evbuffer_add(output(direction), $0.baseAddress, $0.count) }
  }

  private func updateFlow(_ direction: Int) {
    guard !isClosed, !closing, !sourceClosed[direction] else { return }
    let queued = pipes[direction].pendingBytes + evbuffer_get_length(output(direction))
    if queued >= Self.highWater, !paused[direction] {
      paused[direction] = true
      bufferevent_disable(ends[direction], Int16(EV_READ))
    } else if queued <= Self.lowWater, paused[direction] {
      paused[direction] = false
      bufferevent_enable(ends[direction], Int16(EV_READ))
    }
  }

  /// The output toward the destination of `direction` drained below the low watermark.
  private func writable(_ direction: Int) {
    guard !isClosed else { return }
    if closing { closeIfDrained() } else { updateFlow(direction) }
  }

  private func event(side: Int, what: Int32) {
    guard !isClosed else { return }
    if what & Int32(BEV_EVENT_CONNECTED) != 0 {
      connected = true
      if let server = ends[1] { Self.setNoDelay(bufferevent_getfd(server)) }
      return
    }
    guard what & Int32(BEV_EVENT_EOF | BEV_EVENT_ERROR) != 0 else { return }
    if side == 1, !connected {
      close(failedConnect: true)
      return
    }
    if closing {
      close()
      return
    }
    readable(side)
    sourceClosed[side] = true
    bufferevent_disable(ends[side], Int16(EV_READ))
    if what & Int32(BEV_EVENT_ERROR) != 0 {
      // The peer is gone (RST): nothing more can be written to it either.
      close()
      return
    }
    if !pipes[side].hasPending { sourceDone(side) }
  }

  /// The source of `direction` closed and all it sent was delivered: close, after slow_close.
  private func sourceDone(_ direction: Int) {
    guard !closeScheduled, !closing else { return }
    closeScheduled = true
    let delay = pipes[direction].closeDelay
    if delay > 0 {
      otherTimers.append(after(delay) { [unowned self] in self.closeGracefully() })
    } else {
      closeGracefully()
    }
  }

  // MARK: Toxics

  /// Installs the toxics for each direction (index 0 upstream, 1 downstream), keeping those that
  /// did not change. Removing a timeout toxic closes the link, as its data is gone.
  func apply(toxics: [[ToxicSpec]], seed: (ToxicSpec) -> UInt64) {
    guard !isClosed, !closing else { return }
    var mustClose = false
    let now = Clock.now()
    for direction in 0..<2 {
      let pipe = pipes[direction]
      let (added, removed) = pipe.setChain(toxics[direction]) { ToxicCatalog.make($0, seed: seed($0)) }
      let remaining = Set(pipe.chain.map(\.name))
      for entry in removed {
        let key = "\(direction)/\(entry.name)"
        toxicTimers.removeValue(forKey: key)?.forEach { $0.cancel() }
        if entry.toxic.closesOnRemoval, !remaining.contains(entry.name) { mustClose = true }
      }
      for entry in added {
        perform(entry.toxic.attach(now: now), key: "\(direction)/\(entry.name)")
      }
      if pipe.chain.isEmpty {
        for chunk in pipe.takeAll() { add(chunk, to: direction) }
        if sourceClosed[direction] { sourceDone(direction) }
      }
      updateFlow(direction)
    }
    if mustClose { closeGracefully() }
  }

  private func perform(_ actions: [LinkAction], key: String?) {
    guard !actions.isEmpty else { return }
    let now = Clock.now()
    for action in actions {
      let timer: LoopTimer
      switch action {
      case .close(let at):
        timer = after(at - now) { [unowned self] in self.closeGracefully() }
      case .reset(let at):
        timer = after(at - now) { [unowned self] in self.close(reset: true) }
      }
      if let key { toxicTimers[key, default: []].append(timer) } else { otherTimers.append(timer) }
    }
  }

  private func after(_ milliseconds: Double, _ action: @escaping () -> Void) -> LoopTimer {
    let timer = LoopTimer(loop: loop, action: action)
    timer.schedule(after: milliseconds)
    return timer
  }

  // MARK: Closing

  /// Delivers everything still waiting in the toxics, then closes once both outputs drained.
  func closeGracefully() {
    guard !isClosed, !closing else { return }
    for direction in 0..<2 {
      for chunk in pipes[direction].takeAll() { add(chunk, to: direction) }
    }
    closing = true
    for end in ends {
      bufferevent_disable(end, Int16(EV_READ))
      bufferevent_setwatermark(end, Int16(EV_WRITE), 0, 0)
    }
    otherTimers.append(after(5000) { [unowned self] in self.close() })
    closeIfDrained()
  }

  private func closeIfDrained() {
    let clientEmpty = evbuffer_get_length(bufferevent_get_output(ends[0])) == 0
    let serverEmpty = !connected || evbuffer_get_length(bufferevent_get_output(ends[1])) == 0
    if clientEmpty && serverEmpty { close() }
  }

  /// Closes both sides now; with `reset`, the client gets a TCP RST (SO_LINGER 0).
  func close(reset: Bool = false, failedConnect: Bool = false) {
    guard !isClosed else { return }
    isClosed = true
    for timer in pumpTimers { timer?.cancel() }
    for timer in otherTimers { timer.cancel() }
    for timers in toxicTimers.values { timers.forEach { $0.cancel() } }
    pumpTimers = [nil, nil]
    otherTimers = []
    toxicTimers = [:]
    if reset, let client = ends[0] {
      var option = linger(l_onoff: 1, l_linger: 0)
      setsockopt(
        bufferevent_getfd(client), SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }
    for end in ends { bufferevent_free(end) }
    ends = [nil, nil]
    let callback = onClose
    onClose = nil
    callback?(self, failedConnect)
  }
}
