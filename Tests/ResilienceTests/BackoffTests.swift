import Resilience
import XCTest

final class BackoffTests: XCTestCase {
  func testDefaultScheduleIsTheSeeds() {
    let backoff = ServiceSettings().backoff
    XCTAssertEqual(backoff.schedule(8), [3, 6, 12, 24, 30, 30, 30, 30])
    XCTAssertEqual(backoff.delay(attempt: 0), 3)
    XCTAssertEqual(backoff.delay(attempt: 1_000), 30, "large attempt numbers stay capped, no overflow")
  }

  func testShortenedSchedule() {
    let backoff = Backoff(initial: 0.2, maximum: 1)
    XCTAssertEqual(backoff.schedule(5), [0.2, 0.4, 0.8, 1, 1])
  }

  func testWorkerLoopDoublesAgainAfterThreeConsecutiveFailures() {
    let backoff = Backoff(initial: 3, maximum: 30)
    XCTAssertEqual(backoff.workerLoopDelay(attempt: 0, consecutiveFailures: 2), 3)
    XCTAssertEqual(backoff.workerLoopDelay(attempt: 0, consecutiveFailures: 3), 6)
    XCTAssertEqual(backoff.workerLoopDelay(attempt: 1, consecutiveFailures: 3), 12)
    XCTAssertEqual(backoff.workerLoopDelay(attempt: 3, consecutiveFailures: 5), 30, "24 × 2 capped at 30")
  }

  func testJitterIsOffByDefaultAndBoundedWhenOn() {
    XCTAssertEqual(Backoff(initial: 3, maximum: 30).delay(attempt: 1, unit: 0.99), 6)
    let jittered = Backoff(initial: 3, maximum: 30, jitter: 0.5)
    XCTAssertEqual(jittered.delay(attempt: 1, unit: 0), 3)
    XCTAssertEqual(jittered.delay(attempt: 1, unit: 1), 9)
  }
}
