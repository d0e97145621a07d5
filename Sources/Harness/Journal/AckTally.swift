import LogVocabulary

/// The workers' ack ledger folded from their lines, for `acks: balanced`: per delivery —
/// (worker instance, process, connection, `delivery_tag`) — its settlements. Tags restart at 1 on
/// every new channel, so a new connection (`rabbitmq.connected` or `RabbitMQ reconnection
/// successful`) starts a fresh tag space; when the ack carries the connection's `generation` (or a
/// `connection` field), that is used instead. When a process opens a new connection, the keys of
/// its previous one (a dead channel's tags) can no longer be settled and are forgotten (only
/// counted), so the tally holds the
/// deliveries of the connections still open, not every line; it is kept up to date as lines arrive
/// (``EventJournal``) or folded from a recorded journal.
public struct AckTally: Sendable, Equatable, Codable {
  /// Delivery key → how many settlements (`message.acked` / `message.nacked`) it had, for the
  /// deliveries of connections still open.
  public var settled: [String: Int] = [:]
  /// Distinct deliveries settled over the whole run (also those of connections since replaced).
  public var deliveries = 0
  /// `instance/process` → the keys of its current connection (forgotten when it reconnects).
  private var currentKeys: [String: [String]] = [:]
  /// Evidence lines of second and later settlements, by delivery key, in the order they came.
  public var repeats: [(key: String, lines: [String])] {
    repeatKeys.map { ($0, repeatLines[$0] ?? []) }
  }
  private var repeatKeys: [String] = []
  private var repeatLines: [String: [String]] = [:]
  /// `instance/process` → connections seen so far.
  public var connections: [String: Int] = [:]
  public var acked = 0
  public var nacked = 0
  public var untagged = 0
  public var redelivered = 0
  /// Evidence lines of nacks without requeue (dropped by the broker).
  public var dropped: [String] = []

  public init() {}

  public init(_ events: [WorkerEvent]) {
    for event in events { add(event) }
  }

  public mutating func add(_ event: WorkerEvent) {
    guard let message = event.message else { return }
    let slot = "\(event.instance)/\(event.generation)"
    if message == LogEvent.rabbitmqConnected || message == LogEvent.rabbitmqReconnected {
      connections[slot, default: 0] += 1
      for key in currentKeys.removeValue(forKey: slot) ?? [] { settled[key] = nil }
      return
    }
    guard message == LogEvent.messageAcked || message == LogEvent.messageNacked else { return }
    if message == LogEvent.messageAcked { acked += 1 } else { nacked += 1 }
    if event["redelivered"]?.boolValue == true { redelivered += 1 }
    if message == LogEvent.messageNacked, event["requeue"]?.boolValue == false {
      dropped.append(event.evidenceLine)
    }
    guard let tag = event["delivery_tag"]?.stringValue else {
      untagged += 1
      return
    }
    let connection =
      (event["generation"] ?? event["connection"])?.stringValue.map { "logged \($0)" }
      ?? String(connections[slot, default: 0])
    let key = "\(event.instance)|\(event.generation)|\(connection)|\(tag)"
    settled[key, default: 0] += 1
    if settled[key] == 1 {
      deliveries += 1
      currentKeys[slot, default: []].append(key)
    }
    if settled[key, default: 0] > 1 {
      if repeatLines[key] == nil { repeatKeys.append(key) }
      repeatLines[key, default: []].append(event.evidenceLine)
    }
  }

  /// Deliveries settled more than once, in the order their second settlement came: the
  /// delivery, then the lines of its repeated settlements.
  public var twice: [[String]] {
    repeats.map { ["delivery \($0.key.replacingOccurrences(of: "|", with: " ")) settled again:"] + $0.lines }
  }
}
