import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// One client connection through a proxy: two ``SocketEnd``s (client ⇄ server) and, per
/// direction, a ``ToxicPipe`` while toxics act on it. Index 0 is `upstream` (client → server),
/// 1 is `downstream`; for sides, 0 is the client and 1 the server.
///
/// A half-close is forwarded as one (as HAProxy does): when one side sends a FIN and everything
/// it sent has been delivered (after slow_close's delay), the other side gets a FIN and the other
/// direction stays open until its source closes too; then the link closes.
///
/// With no toxic active, bytes are read straight into the other side's output `evbuffer` and
/// written at once (no copy in user space). Flow control: when a direction holds more than
/// ``highWater`` bytes (pending in toxics + the destination's output), reads on its source stop
/// until it drains below ``lowWater``. An idle link holds two sockets, two read events and two
/// empty evbuffers, and nothing else on the heap but itself.
final class Link: SocketEndDelegate {
  static let highWater = 1 << 20
  static let lowWater = 256 << 10

  let id: Int
  let clientAddress: String
  let clientPort: UInt16
  let created = Clock.now()
  /// Link events already recorded: `connection.open-ok` (AMQP) and the first successful exchange.
  var readySeen = false
  var exchangeSeen = false
  private(set) var bytes = Pair(0, 0)
  /// Bytes handed to the other side's socket buffer per direction (after toxics): what
  /// Toxiproxy's `sent_bytes_total` counts.
  private(set) var sent = Pair(0, 0)
  private(set) var isClosed = false
  /// Toxicity decisions for this connection, by toxic name: does the toxic act on it?
  var decisions: [String: Bool] = [:]
  /// Toxics waiting for their trigger on this link, by name.
  var waitingTriggers: [String: ToxicTrigger] = [:]
  /// The protocol tap, when the proxy has one.
  var tap: LinkTap?
  /// Called after the tap saw events (the proxy checks triggers).
  var onTapEvents: ((Link) -> Void)?

  /// Called once when the upstream connection is established.
  var onConnected: ((Link) -> Void)?

  /// Called once when the link is gone; `failedConnect` when the upstream could not be reached.
  var onClose: ((Link, _ failedConnect: Bool) -> Void)?

  private let loop: EventLoop
  private var ends = Pair<SocketEnd?>(nil, nil)
  private var pipes = Pair<ToxicPipe?>(nil, nil)
  private var closing = false
  /// Per direction: its source closed and all it sent was delivered; then its FIN was forwarded.
  private var finished = Pair(false, false)
  private var finForwarded = Pair(false, false)
  private var sourceClosed = Pair(false, false)
  private var paused = Pair(false, false)
  private var timers: LinkTimers?

  init(id: Int, loop: EventLoop, fd: Int32, client: SocketAddress) {
    self.id = id
    self.loop = loop
    clientAddress = client.description
    clientPort = client.port
    ends[0] = SocketEnd(loop: loop, fd: fd, side: 0, delegate: self, lowWater: Self.lowWater)
  }

  /// Starts connecting to the upstream and reading from the client.
  func start(upstream: SocketAddress) {
    let (server, _) = SocketEnd.connecting(
      loop: loop, to: upstream, side: 1, delegate: self, lowWater: Self.lowWater)
    guard let server else {
      close(failedConnect: true)
      return
    }
    ends[1] = server
    ends[0]?.startReading()
    if server.isConnected { socketConnected(side: 1) }
  }

  var status: LinkStatus {
    LinkStatus(
      client: clientAddress, bytesUpstream: bytes[0], bytesDownstream: bytes[1],
      ageSeconds: (Clock.now() - created) / 1000, tap: tap?.ledger.report)
  }

  // MARK: Socket events

  func socketConnected(side: Int) {
    guard !isClosed, let server = ends[1] else { return }
    if let connected = onConnected {
      onConnected = nil
      connected(self)
      if isClosed { return }
    }
    if !closing, !sourceClosed[1] { server.startReading() }
    server.flush()
  }

  /// The output of `side` drained; it carries the other direction (client output: downstream).
  func socketDrained(side: Int) {
    guard !isClosed else { return }
    if closing { closeIfDrained() } else { updateFlow(1 - side) }
  }

  func socketFailed(side: Int, code: Int32) {
    guard !isClosed else { return }
    if side == 1, ends[1]?.isConnected == false {
      close(failedConnect: true)
    } else {
      // The peer is gone (RST, broken pipe): nothing more can be written to it.
      close()
    }
  }

  /// Data (or EOF) from `side`, which is the source of the direction with the same index.
  func socketReadable(side direction: Int) {
    guard !isClosed, let source = ends[direction], let destination = ends[1 - direction] else { return }
    let pipe = pipes[direction]
    let passthrough = pipe == nil && !closing
    if passthrough {
      forward(direction, from: source, to: destination)
      return
    }
    let count = source.receive(into: loop.readBuffer, capacity: EventLoop.readBufferSize)
    guard count > 0 else {
      sourceEnded(direction, count: count)
      return
    }
    bytes[direction] += count
    // What arrives while the link closes is dropped.
    if closing { return }
    let data = [UInt8](UnsafeRawBufferPointer(start: loop.readBuffer, count: count))
    if let tap, data.withUnsafeBytes({ tap.feed($0, direction: direction) }) > 0 {
      onTapEvents?(self)
      if isClosed { return }
    }
    // A trigger may just have changed the toxics of this direction.
    if let current = pipes[direction] {
      let now = Clock.now()
      if current.hasMatch, let tap {
        for segment in tap.segments {
          perform(current.push(Array(data[segment.range]), now: now, command: segment.command), key: nil)
        }
      } else {
        perform(current.push(data, now: now), key: nil)
      }
      pump(direction)
    } else {
      add(data, to: direction)
      destination.flush()
      updateFlow(direction)
    }
  }

  /// No toxic on `direction`: one `recv(2)` into the loop's buffer, one `send(2)` from it (the
  /// rest, if the kernel takes less, waits in the destination's output). With a tap, the bytes are
  /// decoded where they are; when its events matter to the proxy (a trigger waits, or the first
  /// exchange was not seen yet), the bytes are queued before the proxy hears of the events, so
  /// that a toxic they start acts after them, as on the data after them.
  private func forward(_ direction: Int, from source: SocketEnd, to destination: SocketEnd) {
    let buffer = loop.readBuffer
    let count = source.receive(into: buffer, capacity: EventLoop.readBufferSize)
    guard count > 0 else {
      sourceEnded(direction, count: count)
      return
    }
    bytes[direction] += count
    sent[direction] += count
    if let tap, tap.feed(UnsafeRawBufferPointer(start: buffer, count: count), direction: direction) > 0,
      wantsTapEvents, let onTapEvents
    {
      evbuffer_add(destination.output, buffer, count)
      onTapEvents(self)
      if isClosed { return }
      destination.flush()
    } else {
      destination.send(buffer, count: count)
    }
    if isClosed { return }
    if destination.pendingOutput > 0 || paused[direction] { updateFlow(direction) }
  }

  /// Whether the proxy still acts on this link's tap events: its first exchange (and, for AMQP,
  /// `ready`) is not recorded yet, a toxic waits for a trigger, or the tap just stopped decoding
  /// (recorded as `tap-stopped`).
  var wantsTapEvents: Bool {
    !exchangeSeen || !waitingTriggers.isEmpty || tap?.ledger.stopUnreported != nil
  }

  /// A read from the source of `direction` gave `count` ≤ 0: nothing there yet, an error, or EOF.
  private func sourceEnded(_ direction: Int, count: Int) {
    if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
    if count < 0 {
      socketFailed(side: direction, code: errno)
      return
    }
    // EOF from the source of `direction`.
    sourceClosed[direction] = true
    ends[direction]?.stopReading()
    if closing {
      closeIfDrained()
    } else if pipes[direction]?.hasPending != true {
      sourceDone(direction)
    }
  }

  // MARK: Data

  /// Delivers what is due in `direction` and arms the timer for the next chunk.
  private func pump(_ direction: Int) {
    guard !isClosed, !closing, let pipe = pipes[direction] else { return }
    let now = Clock.now()
    let due = pipe.takeDue(now: now)
    for chunk in due { add(chunk, to: direction) }
    if !due.isEmpty { ends[1 - direction]?.flush() }
    guard !isClosed else { return }
    if let next = pipe.nextDue {
      linkTimers.pump(direction, loop: loop, owner: self).schedule(after: next - now)
    }
    if sourceClosed[direction], !pipe.hasPending { sourceDone(direction) }
    updateFlow(direction)
  }

  /// The pump timer of `direction` fired.
  func pumpDue(_ direction: Int) { pump(direction) }

  private func add(_ chunk: [UInt8], to direction: Int) {
    guard let destination = ends[1 - direction] else { return }
    sent[direction] += chunk.count
    _ = chunk.withUnsafeBytes { evbuffer_add(destination.output, $0.baseAddress, $0.count) }
  }

  private func updateFlow(_ direction: Int) {
    guard !isClosed, !closing, !sourceClosed[direction], let source = ends[direction] else { return }
    let queued = (pipes[direction]?.pendingBytes ?? 0) + (ends[1 - direction]?.pendingOutput ?? 0)
    if queued >= Self.highWater, !paused[direction] {
      paused[direction] = true
      source.stopReading()
    } else if queued <= Self.lowWater, paused[direction] {
      paused[direction] = false
      if direction == 0 || ends[1]?.isConnected == true { source.startReading() }
    }
  }

  /// The source of `direction` closed and all it sent was delivered: after slow_close's delay, the
  /// destination gets a FIN; once both directions are finished, the link closes.
  private func sourceDone(_ direction: Int) {
    guard !finished[direction], !closing else { return }
    finished[direction] = true
    let delay = pipes[direction]?.closeDelay ?? 0
    if delay > 0 {
      linkTimers.other.append(after(delay) { [unowned self] in self.forwardFIN(direction) })
    } else {
      forwardFIN(direction)
    }
  }

  private func forwardFIN(_ direction: Int) {
    guard !isClosed, !closing else { return }
    finForwarded[direction] = true
    ends[1 - direction]?.shutdownWriteWhenDrained()
    if isClosed { return }
    if finForwarded[1 - direction] { closeGracefully() }
  }

  // MARK: Toxics

  /// Installs the toxics for each direction (index 0 upstream, 1 downstream), keeping those that
  /// did not change. Removing a timeout toxic closes the link, as its data is gone.
  func apply(toxics: [[ToxicSpec]], seed: (ToxicSpec) -> UInt64) {
    guard !isClosed, !closing else { return }
    var mustClose = false
    let now = Clock.now()
    for direction in 0..<2 {
      if toxics[direction].isEmpty && pipes[direction] == nil { continue }
      let pipe = pipes[direction] ?? ToxicPipe()
      pipes[direction] = pipe
      let (added, removed) = pipe.setChain(toxics[direction]) { ToxicCatalog.make($0, seed: seed($0)) }
      let remaining = Set(pipe.chain.map(\.name))
      for entry in removed {
        timers?.byToxic.removeValue(forKey: "\(direction)/\(entry.name)")?.forEach { $0.cancel() }
        if entry.toxic.closesOnRemoval, !remaining.contains(entry.name) { mustClose = true }
      }
      for entry in added {
        perform(entry.toxic.attach(now: now), key: "\(direction)/\(entry.name)")
      }
      if pipe.chain.isEmpty {
        // Back to the zero-copy path: what waited in the toxics goes out now.
        for chunk in pipe.takeAll() { add(chunk, to: direction) }
        pipes[direction] = nil
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
      if let key {
        linkTimers.byToxic[key, default: []].append(timer)
      } else {
        linkTimers.other.append(timer)
      }
    }
  }

  private var linkTimers: LinkTimers {
    if let timers { return timers }
    let created = LinkTimers()
    timers = created
    return created
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
      for chunk in pipes[direction]?.takeAll() ?? [] { add(chunk, to: direction) }
    }
    closing = true
    for side in 0..<2 {
      ends[side]?.stopReading()
      ends[side]?.flush()
      if isClosed { return }
    }
    linkTimers.other.append(after(5000) { [unowned self] in self.close() })
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
    timers?.cancelAll()
    timers = nil
    if reset { ends[0]?.prepareReset() }
    ends[0]?.close()
    ends[1]?.close()
    let callback = onClose
    onClose = nil
    callback?(self, failedConnect)
  }
}

/// The timers of a link, created only when a toxic or a close needs one.
final class LinkTimers {
  var pumps = Pair<LoopTimer?>(nil, nil)
  var byToxic: [String: [LoopTimer]] = [:]
  var other: [LoopTimer] = []

  func pump(_ direction: Int, loop: EventLoop, owner: Link) -> LoopTimer {
    if let timer = pumps[direction] { return timer }
    let timer = LoopTimer(loop: loop) { [unowned owner] in owner.pumpDue(direction) }
    pumps[direction] = timer
    return timer
  }

  func cancelAll() {
    pumps.first?.cancel()
    pumps.second?.cancel()
    for timer in other { timer.cancel() }
    for list in byToxic.values { list.forEach { $0.cancel() } }
  }
}
