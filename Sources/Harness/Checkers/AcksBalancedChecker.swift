import LogVocabulary
import Scenario

/// `acks: balanced`: by the workers' own ledger, each delivery was acked or nacked exactly once,
/// and the checker finds every queue drained.
///
/// A delivery is identified by (worker instance, process, connection, `delivery_tag`): tags
/// restart at 1 on every new channel, so a new connection — a `rabbitmq.connected` or
/// `RabbitMQ reconnection successful` event — starts a fresh tag space; when the ack event carries
/// the connection's `generation` (or a `connection` field), that is used instead. A workload with jobs but no ack at all fails:
/// there is nothing to balance.
///
/// The second witness is the proxy: when an AMQP tap sat in front of RabbitMQ, its ledger (in the
/// journal's `taps`) must show no delivery settled twice, no unknown tag, nothing left unacked on
/// open links, and settlement counts that agree with the logs (see ``TapWitness``).
public struct AcksBalancedChecker: Checker {
  public static let witness = "logs and wire"

  public static func checking(_ kind: ExpectationKind) -> Self? {
    guard case .acksBalanced = kind else { return nil }
    return Self()
  }

  public init() {}

  private struct Delivery: Hashable {
    var instance: String
    var process: Int
    var connection: String
    var tag: String
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    var settled: [Delivery: [WorkerEvent]] = [:]
    var connection: [String: Int] = [:]
    var acked = 0
    var nacked = 0
    var dropped: [WorkerEvent] = []
    var untagged = 0
    var redelivered = 0
    for event in journal.events {
      guard let message = event.message else { continue }
      let slot = "\(event.instance)/\(event.generation)"
      if message == LogEvent.rabbitmqConnected || message == LogEvent.rabbitmqReconnected {
        connection[slot, default: 0] += 1
        continue
      }
      guard message == LogEvent.messageAcked || message == LogEvent.messageNacked else { continue }
      if message == LogEvent.messageAcked { acked += 1 } else { nacked += 1 }
      if event["redelivered"]?.boolValue == true { redelivered += 1 }
      if message == LogEvent.messageNacked, event["requeue"]?.boolValue == false { dropped.append(event) }
      guard let tag = event["delivery_tag"]?.stringValue else {
        untagged += 1
        continue
      }
      let connectionID =
        (event["generation"] ?? event["connection"])?.stringValue.map { "logged \($0)" }
        ?? String(connection[slot, default: 0])
      let key = Delivery(
        instance: event.instance, process: event.generation, connection: connectionID, tag: tag)
      settled[key, default: []].append(event)
    }
    let twice = settled.filter { $0.value.count > 1 }.sorted { $0.value[0].sequence < $1.value[0].sequence }
    var evidence = [
      "\(acked) acks and \(nacked) nacks logged for \(settled.count) deliveries",
      "\(twice.count) deliveries settled more than once",
    ]
    var problems: [String] = []
    if untagged > 0 { problems.append("\(untagged) ack/nack events without a delivery_tag") }
    if !twice.isEmpty {
      problems.append("\(twice.count) deliveries acked or nacked more than once")
      evidence += EventQueries.capped(twice.flatMap { $0.value.map(\.evidenceLine) })
    }
    if !dropped.isEmpty {
      evidence.append("\(dropped.count) nacked without requeue (dropped by the broker):")
      evidence += EventQueries.capped(dropped.map(\.evidenceLine), limit: 5)
    }
    let builtIn = journal.scenario.runsBuiltInWorkers
    let hasTap = journal.taps.values.contains { $0.tap == "amqp" }
    let tapOnly = acked + nacked == 0 && !builtIn
    if tapOnly && !hasTap {
      return .unknown(
        "no witness: the workers log no ack events and no AMQP tap sits in front of RabbitMQ",
        ["put a proxy in front of RabbitMQ (proxies: { rabbitmq: { to: rabbitmq } }) so its tap can judge"])
    }
    if journal.scenario.jobs > 0 && acked == 0 {
      problems.append("no message.acked event at all for \(journal.scenario.jobs) jobs")
    }
    if let report = journal.checker?.report {
      let left = report.queues.filter { $0.value != 0 }.sorted { $0.key < $1.key }
      evidence.insert(
        "queues: "
          + report.queues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
        at: 0)
      if !left.isEmpty {
        problems.append(
          "queues not drained: " + left.map { "\($0.key) has \($0.value)" }.joined(separator: ", "))
      }
    } else if builtIn {
      problems.append("no checker report for the queues: \(journal.checker?.problem ?? "did not run")")
    }
    var tap = TapWitness(
      loggedAcks: acked, loggedNacks: nacked, settledDeliveries: settled.count, loggedRedelivered: redelivered
    )
    tap.logsWitness = !tapOnly
    let witness = tap.examine(journal)
    problems += witness.problems
    evidence += witness.evidence
    let judgedBy = tapOnly ? "wire" : hasTap ? "logs and wire" : "logs"
    if !problems.isEmpty {
      return Verdict(
        outcome: .fail, summary: problems.joined(separator: "; "), evidence: evidence, witness: judgedBy)
    }
    if tapOnly {
      let deliveries = journal.taps.values.filter { $0.tap == "amqp" }.map(\.deliveries).reduce(0, +)
      return Verdict(
        outcome: .pass,
        summary:
          "\(deliveries) deliveries on the wire, none settled twice or left unsettled (judged by the proxy "
          + "tap alone: the workers log no ack events)", evidence: evidence, witness: judgedBy)
    }
    let witnesses =
      hasTap ? " (logs and proxy tap agree)" : " (judged by the workers' logs alone: no AMQP tap)"
    return Verdict(
      outcome: .pass, summary: "\(settled.count) deliveries settled once each; queues drained\(witnesses)",
      evidence: evidence, witness: judgedBy)
  }
}
