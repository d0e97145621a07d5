import Scenario
import XCTest

@testable import Harness

/// A tap that stopped decoding a link (a protocol it did not know) leaves every result resting on
/// that link unknown, with the reason: never a pass, never "no successful exchange".
final class StoppedTapTests: XCTestCase {
  private func record(_ time: Double, link: Int, _ kind: String, detail: String? = nil) -> LinkRecord {
    LinkRecord(
      time: time, proxy: "redis", service: "redis", link: link, kind: kind, client: "127.0.0.1:40000",
      instance: "python#1", generation: 1, pid: 100, detail: detail)
  }

  /// A RESP3 worker before the tap knew RESP3: link 1 lost at 5 s, link 7 opened after Redis came
  /// back at 9 s, its first reply undecodable at 9.2 s.
  private func stoppedRun() -> RecordedJournal {
    var run = RecordedJournal()
    run.outage("redis", from: 5, to: 9, verb: "restart")
    run.journal.links = [
      record(0, link: 1, "accepted"), record(0.1, link: 1, "exchange", detail: "reply"),
      record(5, link: 1, "closed"), record(9.1, link: 7, "accepted"), record(9.1, link: 7, "connected"),
      record(9.2, link: 7, "tap-stopped", detail: "RESP: unexpected byte 0x25"),
    ]
    return run
  }

  func testRecoveryOnAStoppedTapIsUnknownWithTheReason() {
    let result = stoppedRun().evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertEqual(result.outcome, .unknown, result.summary)
    XCTAssertEqual(
      result.summary, "redis — the RESP tap stopped decoding on link redis#7 at 9.2s: unexpected byte 0x25")
    XCTAssertFalse(result.summary.contains("no successful exchange"))
  }

  func testAFailureTheLogsSawStillFails() {
    var run = stoppedRun()
    run.event(5.4, "python#1", "Redis health check failed", level: "warning", ["component": "redis"])
    let result = run.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertEqual(result.outcome, .fail, result.summary)
  }

  func testAcksOnAStoppedAMQPTapAreUnknown() {
    var run = RecordedJournal()
    run.cleanRun()
    run.journal.taps["rabbitmq"] = ProxyTapLedger(
      tap: "amqp", service: "rabbitmq", time: 4, deliveries: 1, acks: 3, stopped: ["AMQP: bad frame end"])
    run.journal.links = [
      LinkRecord(
        time: 2.5, proxy: "rabbitmq", service: "rabbitmq", link: 3, kind: "tap-stopped",
        client: "127.0.0.1:1",
        detail: "AMQP: bad frame end")
    ]
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertEqual(result.outcome, .unknown, result.summary)
    XCTAssertEqual(
      result.summary, "acks: the AMQP tap stopped decoding on link rabbitmq#3 at 2.5s: bad frame end")
  }
}
