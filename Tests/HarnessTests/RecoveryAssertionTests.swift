import Scenario
import XCTest

@testable import Harness

final class RecoveryAssertionTests: XCTestCase {
  private func restartRun(reconnectAt: Double) -> RecordedJournal {
    var run = RecordedJournal()
    run.outage("redis", from: 5, to: 9)
    run.event(5.4, "downloader#1", "Redis health check failed", level: "warning", ["component": "redis"])
    run.event(reconnectAt, "downloader#1", "Redis reconnection successful", ["service": "redis"])
    run.event(
      6.1, "downloader#2", "redis.command.failed", level: "warning",
      ["component": "redis", "command": "HSET"])
    run.event(9.4, "downloader#2", "job.downloaded", ["job": "doc-000007"])
    run.event(3, "scanner#1", "job.created", ["job": "doc-000001"])
    return run
  }

  func testRecoveryWithinTheLimit() {
    let result = restartRun(reconnectAt: 10.5).evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertEqual(result.summary, "slowest recovery 1.500s (limit 3s; witness: logs)")
    XCTAssertTrue(result.evidence.contains("  scanner#1: did not notice"), "\(result.evidence)")
  }

  func testSlowRecoveryFails() {
    let result = restartRun(reconnectAt: 13).evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("downloader#1 took 4.000s"), result.summary)
  }

  func testNoOutageOrNoSuccessFails() {
    var quiet = RecordedJournal()
    quiet.cleanRun()
    XCTAssertFalse(quiet.evaluate(RecoveryChecker(service: "redis", within: 3)).passed)
    var stuck = RecordedJournal()
    stuck.outage("redis", from: 5, to: 9)
    stuck.event(5.4, "downloader#1", "Redis health check failed", level: "warning", ["component": "redis"])
    let result = stuck.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("downloader#1 never succeeded"), result.summary)
  }

  func testAnOutageNobodyNoticedCannotBeMeasured() {
    var run = RecordedJournal()
    run.outage("redis", from: 5, to: 9)
    run.event(6, "downloader#1", "job.done", ["job": "doc-000001"])
    let result = run.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("no worker noticed"), result.summary)
  }
}
