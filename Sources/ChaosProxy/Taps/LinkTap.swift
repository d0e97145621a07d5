/// The tap of one link: a decoder per direction and the link's ledger. Bytes are observed as they
/// pass (read where they are, never changed); a direction that is not the protocol stops
/// decoding, logs once, and its bytes still pass.
final class LinkTap {
  let kind: TapProtocol
  let ledger = TapLedger()
  private var resp: Pair<RESPDecoder>?
  private var amqp: Pair<AMQPDecoder>?
  private var events: [TapEvent] = []
  /// RESP: commands sent and not answered yet, oldest first (replies come back in order).
  private var awaiting: [String] = []
  private var awaitingHead = 0
  /// The bytes of the last `feed`, cut where requests, replies (RESP) or frames (AMQP) end, each
  /// part with the command or method it belongs to, upper-cased (for toxics with `match`).
  private(set) var segments: [(range: Range<Int>, command: String?)] = []

  init(kind: TapProtocol) {
    self.kind = kind
    switch kind {
    case .resp: resp = Pair(RESPDecoder(requests: true), RESPDecoder(requests: false))
    case .amqp: amqp = Pair(AMQPDecoder(fromClient: true), AMQPDecoder(fromClient: false))
    }
  }

  /// Feeds bytes of `direction` (0 upstream, 1 downstream); returns how many events were seen.
  @discardableResult
  func feed(_ bytes: UnsafeRawBufferPointer, direction: Int) -> Int {
    events.removeAll(keepingCapacity: true)
    if resp != nil {
      resp![direction].feed(bytes, into: &events)
      label(count: bytes.count, direction: direction)
    }
    if amqp != nil {
      amqp![direction].feed(bytes, into: &events)
      segments.removeAll(keepingCapacity: true)
      var start = 0
      for (end, method) in amqp![direction].completed {
        segments.append((start..<end, method))
        start = end
      }
      if start < bytes.count { segments.append((start..<bytes.count, amqp![direction].currentMethod)) }
    }
    for event in events { ledger.record(event, upstream: direction == 0) }
    return events.count
  }

  private func label(count: Int, direction: Int) {
    segments.removeAll(keepingCapacity: true)
    guard let decoder = resp?[direction], !decoder.failed else {
      segments.append((0..<count, nil))
      return
    }
    var start = 0
    for (end, command, push) in decoder.completed {
      let owner: String?
      if push {
        owner = nil  // a push answers no request
      } else if direction == 0 {
        owner = command
        awaiting.append(command ?? "")
      } else {
        owner = awaitingHead < awaiting.count ? awaiting[awaitingHead] : nil
        if awaitingHead < awaiting.count { awaitingHead += 1 }
      }
      segments.append((start..<end, owner))
      start = end
    }
    if start < count {
      let owner =
        direction == 0
        ? decoder.currentCommand : (awaitingHead < awaiting.count ? awaiting[awaitingHead] : nil)
      segments.append((start..<count, owner))
    }
    if awaitingHead > 4096 {
      awaiting.removeFirst(awaitingHead)
      awaitingHead = 0
    }
    if awaiting.count > 100_000 {  // a server that pushes without requests (pub/sub)
      awaiting.removeAll()
      awaitingHead = 0
    }
  }
}
