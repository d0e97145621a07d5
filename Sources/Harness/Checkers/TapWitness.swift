/// The proxy as the second witness of `acks: balanced`: what the AMQP taps of the proxies in front
/// of RabbitMQ saw on the wire, checked on its own and against what the workers logged.
///
/// Fails when the wire shows a delivery settled twice, a settlement of a tag never delivered, or
/// deliveries still unsettled on open links after the check (`unackedAtCheck`); and when
/// the settlement counts disagree beyond what is explained:
/// - logged settlements (`message.acked` + `message.nacked`) above the wire's (acks + nacks +
///   rejects) by more than the deliveries left unacked when their link closed: an ack logged
///   just before its link was reset may die with the link — the tap then counts that delivery as
///   unacked at close and the broker redelivers it;
/// - wire settlements above the logged ones by more than the worker processes killed or crashed
///   (one may die between sending an ack and logging it).
/// Every figure goes into the evidence, with each disagreement named. Without an AMQP tap the
/// logs are the only witness, and the evidence says so. A tap that stopped decoding (not the
/// protocol it expected) leaves partial counts: the wire then judges nothing (`unknowns`).
struct TapWitness {
  /// What the workers' logs say.
  var loggedAcks: Int
  var loggedNacks: Int
  /// Distinct deliveries settled in the logs, and how many of those settlements said `redelivered`.
  var settledDeliveries: Int
  var loggedRedelivered: Int
  /// False when the workers log no ack events at all (command workers): the tap is the only
  /// witness, and nothing is compared with the logs.
  var logsWitness = true

  struct Finding: Equatable {
    var problems: [String] = []
    var evidence: [String] = []
    /// Why the wire cannot judge: a tap stopped decoding, so its counts are partial.
    var unknowns: [String] = []
  }

  func examine(_ journal: RunJournal) -> Finding {
    var finding = Finding()
    let ledgers = journal.taps.filter { $0.value.tap == "amqp" }.sorted { $0.key < $1.key }
    guard !ledgers.isEmpty else {
      finding.evidence.append("no AMQP tap in front of RabbitMQ: the workers' logs are the only witness")
      return finding
    }
    var wire = ProxyTapLedger(tap: "amqp", service: "", time: 0)
    var unackedAtCheck = 0
    for (name, ledger) in ledgers {
      finding.evidence.append(
        "tap \(name) at \(Seconds.format(ledger.time, width: 0))"
          + (ledger.workersStopped ? " (workers stopped)" : "") + ": \(ledger.publishes) publishes, "
          + "\(ledger.deliveries) deliveries (\(ledger.redeliveries) redelivered), \(ledger.acks) acks, "
          + "\(ledger.nacks) nacks, \(ledger.rejects) rejects, \(ledger.unacked) unacked"
          + (ledger.unackedAtCheck.map { " (\($0) at the check)" } ?? "") + ", "
          + "\(ledger.unackedAtClose) unacked when their channel or link closed, \(ledger.ackedTwice) acked twice, "
          + "\(ledger.ackedUnknown) unknown tags")
      wire.deliveries += ledger.deliveries
      wire.redeliveries += ledger.redeliveries
      wire.acks += ledger.acks
      wire.nacks += ledger.nacks
      wire.rejects += ledger.rejects
      wire.unacked += ledger.unacked
      unackedAtCheck += ledger.unackedAtCheck ?? ledger.unacked
      wire.unackedAtClose += ledger.unackedAtClose
      wire.ackedTwice += ledger.ackedTwice
      wire.ackedUnknown += ledger.ackedUnknown
      if !ledger.stopped.isEmpty {
        let stop = journal.links?.first { $0.proxy == name && $0.kind == "tap-stopped" }
        finding.unknowns.append(
          stop.map(WireRecovery.stopReason) ?? "the tap of \(name) stopped decoding: \(ledger.stopped[0])")
      }
    }
    guard finding.unknowns.isEmpty else {
      finding.evidence.append("the wire's counts are partial: " + finding.unknowns.joined(separator: "; "))
      return finding
    }
    if wire.ackedTwice > 0 {
      finding.problems.append("the proxy saw \(wire.ackedTwice) settlements of a delivery already settled")
    }
    if wire.ackedUnknown > 0 {
      finding.problems.append(
        "the proxy saw \(wire.ackedUnknown) settlements of a delivery tag never delivered")
    }
    if unackedAtCheck > 0 {
      finding.problems.append(
        "the proxy saw \(unackedAtCheck) deliveries unsettled on open links after the check, with every job done"
      )
    }
    guard logsWitness else {
      finding.evidence.insert(
        "the workers log no ack events: the proxy tap is the only witness; on the wire \(wire.deliveries) "
          + "deliveries, \(wire.settlements) settlements (\(wire.acks) acks, \(wire.nacks) nacks, \(wire.rejects) "
          + "rejects), \(wire.unackedAtClose) unacked when their link closed (redelivered by the broker)",
        at: 0)
      return finding
    }
    let logged = loggedAcks + loggedNacks
    let onWire = wire.settlements
    let comparison =
      "settlements: \(onWire) on the wire (\(wire.acks) acks, \(wire.nacks) nacks, \(wire.rejects) rejects), "
      + "\(logged) in the logs (\(loggedAcks) acked, \(loggedNacks) nacked)"
    finding.evidence.insert(comparison, at: 0)
    if logged > onWire {
      let missing = logged - onWire
      if missing > wire.unackedAtClose {
        finding.problems.append(
          "\(missing) settlements logged never crossed the proxy, more than the \(wire.unackedAtClose) "
            + "deliveries left unacked when their link closed")
      } else {
        finding.evidence.append(
          "disagreement: \(missing) settlements logged but not on the wire — within the \(wire.unackedAtClose) "
            + "deliveries unacked when their link closed (acks lost with a reset link; redelivered)")
      }
    } else if onWire > logged {
      let extra = onWire - logged
      let died = journal.exits.filter { $0.requestedSignal == nil || $0.requestedSignal == "SIGKILL" }.count
      if extra > died {
        finding.problems.append(
          "\(extra) settlements on the wire that no worker logged (\(died) worker processes killed or crashed)"
        )
      } else {
        finding.evidence.append(
          "disagreement: \(extra) settlements on the wire not logged — within the \(died) worker processes "
            + "killed or crashed (an ack sent, the process gone before it logged)")
      }
    }
    // A delivery whose logged ack died with its link is both settled in the logs and unacked at close.
    let lostWithLink = min(max(logged - onWire, 0), wire.unackedAtClose)
    let accounted = settledDeliveries + wire.unackedAtClose + wire.unacked - lostWithLink
    finding.evidence.insert(
      "deliveries: \(wire.deliveries) on the wire; \(settledDeliveries) settled in the logs + "
        + "\(wire.unackedAtClose) unacked when their link closed + \(wire.unacked) unacked"
        + (lostWithLink > 0 ? " − \(lostWithLink) acked in the logs but lost with their link" : "")
        + " = \(accounted)"
        + (accounted == wire.deliveries ? "" : " (disagreement: \(wire.deliveries - accounted))"),
      at: 1)
    if wire.redeliveries != loggedRedelivered {
      finding.evidence.append(
        "redeliveries: \(wire.redeliveries) on the wire, \(loggedRedelivered) settlements logged with redelivered"
      )
    }
    return finding
  }
}
