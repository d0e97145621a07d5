import XCTest

@testable import Harness

/// Issue 24: a single scenario's run prints no suite lines, and "could not run:" once.
final class SingleRunConsoleTests: XCTestCase {
  func testOneScenarioPrintsNoSuiteLines() {
    let timing = SuiteTiming(wallTime: 10, outcomes: [], sharedBrokerBoots: 0)
    XCTAssertEqual(timing.lines(scenarios: 1), [])
    XCTAssertEqual(timing.lines(scenarios: 2).count, 2)
  }

  func testCouldNotRunIsSaidOnce() {
    XCTAssertEqual(
      HarnessError.reason(of: HarnessError.couldNotRun("redis-server did not start")),
      "redis-server did not start")
    XCTAssertEqual(HarnessError.reason(of: HarnessError.invalid("x")), "invalid scenario: x")
  }
}
