import Scenario
import XCTest

@testable import Harness

/// `acks: balanced` with the proxy's tap ledger as the second witness, on recorded journals.
final class TapWitnessTests: XCTestCase {
  /// The clean run of ``RecordedJournal`` (3 deliveries, each acked once) and a tap that saw it.
  private func cleanRun(_ change: (inout ProxyTapLedger) -> Void = { _ in }) -> RecordedJournal {
    var run = RecordedJournal()
    run.cleanRun()
    var ledger = ProxyTapLedger(
      tap: "amqp", service: "rabbitmq", time: 4, events: ["basic.deliver": 3, "basic.ack": 3], publishes: 3,
      deliveries: 3, acks: 3)
    change(&ledger)
    run.journal.taps["rabbitmq"] = ledger
    return run
  }

  func testLogsAndTapThatAgreePass() {
    let result = cleanRun().evaluate(AcksBalancedChecker())
    XCTAssertTrue(result.passed, "\(result.summary) \(result.evidence)")
    XCTAssertTrue(result.summary.hasSuffix("(logs and proxy tap agree)"), result.summary)
    XCTAssertTrue(
      result.evidence.contains(
        "settlements: 3 on the wire (3 acks, 0 nacks, 0 rejects), 3 in the logs (3 acked, 0 nacked)"),
      "\(result.evidence)")
    XCTAssertTrue(
      result.evidence.contains(
        "deliveries: 3 on the wire; 3 settled in the logs + 0 unacked when their link closed + 0 unacked = 3"),
      "\(result.evidence)")
  }

  func testADeliveryAckedTwiceOnTheWireFailsThoughTheLogsAreClean() {
    let result = cleanRun {
      $0.acks = 4
      $0.ackedTwice = 1
    }.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(
      result.summary.contains("the proxy saw 1 settlements of a delivery already settled"), result.summary)
  }

  func testAnAckWithAnUnknownTagFails() {
    let result = cleanRun {
      $0.acks = 4
      $0.ackedUnknown = 1
    }.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(
      result.summary.contains("the proxy saw 1 settlements of a delivery tag never delivered"), result.summary
    )
  }

  func testADeliveryLeftUnackedOnAnOpenLinkFails() {
    let result = cleanRun {
      $0.deliveries = 4
      $0.unackedAtClose = 1
      $0.unackedAtCheck = 1
      $0.workersStopped = true
    }.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(
      result.summary.contains("1 deliveries unsettled on open links after the check, with every job done"),
      result.summary)
    XCTAssertTrue(
      result.evidence.contains {
        $0.hasPrefix(
          "tap rabbitmq at 4.0s (workers stopped): 3 publishes, 4 deliveries (0 redelivered), 3 acks, ")
          && $0.contains("0 unacked (1 at the check), 1 unacked when their channel or link closed")
      }, "\(result.evidence)")
  }

  /// A link reset with a delivery in flight: the tap counts it unacked at close, the broker
  /// redelivers it, and the worker settles it once on its new connection.
  func testInFlightDeliveriesOfAResetLinkAreAccountedFor() {
    let result = cleanRun {
      $0.deliveries = 4
      $0.redeliveries = 1
      $0.unackedAtClose = 1
    }.evaluate(AcksBalancedChecker())
    XCTAssertTrue(result.passed, "\(result.summary) \(result.evidence)")
    XCTAssertTrue(
      result.evidence.contains(
        "deliveries: 4 on the wire; 3 settled in the logs + 1 unacked when their link closed + 0 unacked = 4"),
      "\(result.evidence)")
    XCTAssertTrue(
      result.evidence.contains("redeliveries: 1 on the wire, 0 settlements logged with redelivered"),
      "\(result.evidence)")
  }

  /// An ack logged just before the link was reset dies with the link: one settlement fewer on the
  /// wire, explained by the delivery the tap saw unacked at close.
  func testAnAckLostWithAResetLinkIsADisagreementNotAFailure() {
    let result = cleanRun {
      $0.acks = 2
      $0.unackedAtClose = 1
    }.evaluate(AcksBalancedChecker())
    XCTAssertTrue(result.passed, "\(result.summary) \(result.evidence)")
    XCTAssertTrue(
      result.evidence.contains { $0.hasPrefix("disagreement: 1 settlements logged but not on the wire") },
      "\(result.evidence)")
    XCTAssertTrue(
      result.evidence.contains(
        "deliveries: 3 on the wire; 3 settled in the logs + 1 unacked when their link closed + 0 unacked "
          + "− 1 acked in the logs but lost with their link = 3"),
      "\(result.evidence)")
  }

  func testSettlementsLoggedThatNeverCrossedTheProxyFail() {
    let result = cleanRun { $0.acks = 1 }.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(
      result.summary.contains(
        "2 settlements logged never crossed the proxy, more than the 0 deliveries left unacked when their link closed"
      ),
      result.summary)
  }

  func testAcksOnTheWireThatNoWorkerLoggedFailUnlessAWorkerWasKilled() {
    var run = cleanRun { $0.acks = 4 }
    let unexplained = run.evaluate(AcksBalancedChecker())
    XCTAssertFalse(unexplained.passed)
    XCTAssertTrue(
      unexplained.summary.contains(
        "1 settlements on the wire that no worker logged (0 worker processes killed"),
      unexplained.summary)
    run.journal.exits.append(
      WorkerExit(
        instance: "downloader#1", role: "downloader", generation: 1, pid: 42, status: 9, time: 2,
        requestedSignal: "SIGKILL"))
    XCTAssertTrue(
      run.evaluate(AcksBalancedChecker()).passed, "a killed worker may have acked without logging")
  }

  func testWithoutATapTheLogsAreTheOnlyWitness() {
    var run = RecordedJournal()
    run.cleanRun()
    run.journal.taps["redis"] = ProxyTapLedger(tap: "resp", service: "redis", time: 4, events: ["SET": 3])
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(
      result.evidence.contains("no AMQP tap in front of RabbitMQ: the workers' logs are the only witness"),
      "\(result.evidence)")
  }
}
