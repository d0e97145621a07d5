import Scenario
import XCTest

@testable import Harness

final class BackoffAssertionTests: XCTestCase {
  private let settings = ["REDIS_RECONNECT_INITIAL_DELAY": "0.2", "REDIS_RECONNECT_MAX_DELAY": "1"]

  /// Attempts at the given delays, each logged after waiting it.
  private func run(delays: [Double], gapScale: Double = 1) -> RecordedJournal {
    var run = RecordedJournal(settings: settings)
    var time = 5.0
    for (index, delay) in delays.enumerated() {
      time += delay * gapScale + 0.01
      run.event(
        time, "downloader#1", "reconnect.attempt",
        ["service": "redis", "attempt": index + 1, "delay_s": delay, "max_retries": 10])
    }
    return run
  }

  func testTheConfiguredScheduleHolds() {
    let result = run(delays: [0.2, 0.4, 0.8, 1, 1]).evaluate(BackoffChecker(service: "redis", tolerance: 0.2))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertEqual(
      result.evidence,
      [
        "witness: logs (no proxy in front of redis)",
        "downloader#1: delays 0.2, 0.4, 0.8, 1, 1 s; expected 0.2, 0.4, 0.8, 1, 1 s",
      ])
  }

  func testAFlatScheduleFails() {
    let result = run(delays: [0.2, 0.2, 0.2]).evaluate(BackoffChecker(service: "redis", tolerance: 0.2))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("attempt 2 waited 0.2 s, expected 0.4 s"), result.summary)
  }

  func testAttemptsThatDoNotReallyWaitFail() {
    let result = run(delays: [0.2, 0.4, 0.8], gapScale: 0.5).evaluate(
      BackoffChecker(service: "redis", tolerance: 0.2))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("less than its 0.4 s delay"), result.summary)
  }

  func testTheToleranceDecides() {
    XCTAssertTrue(run(delays: [0.2, 0.45]).evaluate(BackoffChecker(service: "redis", tolerance: 0.2)).passed)
    XCTAssertFalse(
      run(delays: [0.2, 0.45]).evaluate(BackoffChecker(service: "redis", tolerance: 0.1)).passed)
  }

  func testNoAttemptsFail() {
    var quiet = RecordedJournal(settings: settings)
    quiet.cleanRun()
    XCTAssertFalse(quiet.evaluate(BackoffChecker(service: "redis", tolerance: 0.2)).passed)
    let rabbit = run(delays: [0.2]).evaluate(BackoffChecker(service: "rabbitmq", tolerance: 0.2))
    XCTAssertFalse(rabbit.passed, "redis attempts say nothing about rabbitmq")
  }
}
