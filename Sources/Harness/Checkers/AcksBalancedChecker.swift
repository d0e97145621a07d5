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
  public static let needsEveryLine = false

  public static let key = "acks"

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    parser.word(entry.claim, "balanced").map { _ in Self() }
  }

  public init() {}

  public var description: String { "acks: balanced" }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let tally = journal.ackTally ?? AckTally(journal.events)
    let (acked, nacked, twice, dropped) = (tally.acked, tally.nacked, tally.twice, tally.dropped)
    var evidence = [
      "\(acked) acks and \(nacked) nacks logged for \(tally.deliveries) deliveries",
      "\(twice.count) deliveries settled more than once",
    ]
    var problems: [String] = []
    if tally.untagged > 0 { problems.append("\(tally.untagged) ack/nack events without a delivery_tag") }
    if !twice.isEmpty {
      problems.append("\(twice.count) deliveries acked or nacked more than once")
      evidence += EventQueries.capped(twice.flatMap { $0 })
    }
    if !dropped.isEmpty {
      evidence.append("\(dropped.count) nacked without requeue (dropped by the broker):")
      evidence += EventQueries.capped(dropped, limit: 5)
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
      loggedAcks: acked, loggedNacks: nacked, settledDeliveries: tally.deliveries,
      loggedRedelivered: tally.redelivered
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
    if !witness.unknowns.isEmpty {
      return Verdict(
        outcome: .unknown, summary: "acks: " + witness.unknowns.joined(separator: "; "), evidence: evidence,
        witness: judgedBy)
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
      outcome: .pass, summary: "\(tally.deliveries) deliveries settled once each; queues drained\(witnesses)",
      evidence: evidence, witness: judgedBy)
  }
}
