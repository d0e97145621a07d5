import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// One client connection through a proxy: two ``SocketEnd``s (client ⇄ server) and, per
/// direction, a ``ToxicPipe``. Index 0 is `upstream` (client → server), 1 is `downstream`.
///
/// With no toxic active, bytes are read straight into the other side's output `evbuffer` and
/// written at once (no copy in user space). Flow control: when a direction holds more than
/// ``highWater`` bytes (pending in toxics + the destination's output), reads on its source stop
/// until it drains below ``lowWater``.
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
  private var ends: [SocketEnd?] = [nil, nil]  // [client, server]
  private let scratch = evbuffer_new()
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
    let end = SocketEnd(loop: loop, fd: fd)
    configure(end, side: 0)
    ends[0] = end
  }

  deinit { evbuffer_free(scratch) }

  private func configure(_ end: SocketEnd, side: Int) {
    end.lowWater = Self.lowWater
    end.onReadable = { [unowned self] in self.readable(side) }
    // The output of `side` carries the other direction: client output is downstream (1).
    end.onDrained = { [unowned self] in self.drained(1 - side) }
    end.onError = { [unowned self] code in self.failed(side: side, code: code) }
  }

  /// Starts connecting to the upstream and reading from the client.
  func start(upstream: SocketAddress) {
    let (server, _) = SocketEnd.connecting(loop: loop, to: upstream)
    guard let server else {
      close(failedConnect: true)
      return
    }
    configure(server, side: 1)
    server.onConnected = { [unowned self] in self.connected() }
    ends[1] = server
    ends[0]?.startReading()
    if server.isConnected { connected() }
  }

  private func connected() {
    guard !isClosed, let server = ends[1] else { return }
    if !closing, !sourceClosed[1] { server.startReading() }
    server.flush()
  }

  var status: LinkStatus {
    LinkStatus(
      client: clientAddress, bytesUpstream: bytes[0], bytesDownstream: bytes[1],
      ageSeconds: (Clock.now() - created) / 1000)
  }

  // MARK: Data

  private func readable(_ direction: Int) {
    guard !isClosed, let source = ends[direction], let destination = ends[1 - direction] ?? nil else {
      return
    }
    let pipe = pipes[direction]
    let passthrough = pipe.isPassthrough && !closing
    let count = source.read(into: passthrough ? destination.output : scratch)
    if count > 0 {
      bytes[direction] += count
      if closing {
        evbuffer_drain(scratch, evbuffer_get_length(scratch))
        return
      }
      if passthrough {
        destination.flush()
        updateFlow(direction)
      } else {
        var data = [UInt8](repeating: 0, count: count)
        _ = data.withUnsafeMutableBytes { evbuffer_remove(scratch, $0.baseAddress, count) }
        perform(pipe.push(data, now: Clock.now()), key: nil)
        pump(direction)
      }
      return
    }
    if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
    if count < 0 {
      failed(side: direction, code: errno)
      return
    }
    // EOF from the source of `direction`.
    sourceClosed[direction] = true
    source.stopReading()
    if closing {
      closeIfDrained()
    } else if !pipe.hasPending {
      sourceDone(direction)
    }
  }

  private func failed(side: Int, code: Int32) {
    guard !isClosed else { return }
    if side == 1, ends[1]?.isConnected == false {
      close(failedConnect: true)
    } else {
      // The peer is gone (RST, broken pipe): nothing more can be written to it.
      close()
    }
  }

  /// Delivers what is due in `direction` and arms the timer for the next chunk.
  private func pump(_ direction: Int) {
    guard !isClosed, !closing else { return }
    let pipe = pipes[direction]
    let now = Clock.now()
    let due = pipe.takeDue(now: now)
    for chunk in due { add(chunk, to: direction) }
    if !due.isEmpty { ends[1 - direction]?.flush() }
    guard !isClosed else { return }
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
    guard let destination = ends[1 - direction] else { return }
    _ = chunk.withUnsafeBytes { evbuffer_add(destination.output, $0.baseAddress, $0.count) }
  }

  private func updateFlow(_ direction: Int) {
    guard !isClosed, !closing, !sourceClosed[direction], let source = ends[direction] else { return }
    let queued = pipes[direction].pendingBytes + (ends[1 - direction]?.pendingOutput ?? 0)
    if queued >= Self.highWater, !paused[direction] {
      paused[direction] = true
      source.stopReading()
    } else if queued <= Self.lowWater, paused[direction] {
      paused[direction] = false
      if direction == 0 || ends[1]?.isConnected == true { source.startReading() }
    }
  }

  /// The destination of `direction` drained its output (below the low watermark, or empty).
  private func drained(_ direction: Int) {
    guard !isClosed else { return }
    if closing { closeIfDrained() } else { updateFlow(direction) }
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
        ends[1 - direction]?.flush()
        if isClosed { return }
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
      end?.stopReading()
      end?.flush()
      if isClosed { return }
    }
    otherTimers.append(after(5000) { [unowned self] in self.close() })
    closeIfDrained()
  }

  private func closeIfDrained() {
    let clientEmpty = (ends[0]?.pendingOutput ?? 0) == 0
    let serverEmpty = ends[1]?.isConnected != true || (ends[1]?.pendingOutput ?? 0) == 0
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
    if reset { ends[0]?.prepareReset() }
    for end in ends { end?.close() }
    let callback = onClose
    onClose = nil
    callback?(self, failedConnect)
  }
}
