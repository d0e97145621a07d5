import Foundation
import ProcessLifecycle
import XCTest

/// Issue 13 item 2: SIGINT, SIGTERM and SIGHUP all set the one StopFlag instead of killing.
final class StopSignalsTests: XCTestCase {
  func testEachStopSignalSetsTheFlagInsteadOfKillingTheProcess() {
    defer { StopSignals.untrap() }
    for (number, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGINT, "SIGINT")] {
      let flag = StopFlag()
      StopSignals.trap(flag)
      XCTAssertNil(flag.reason)
      kill(getpid(), number)
      let deadline = Date().addingTimeInterval(5)
      while flag.reason == nil && Date() < deadline { usleep(10_000) }
      XCTAssertEqual(flag.reason, name)
    }
  }

  func testSleepWakesWhenTheFlagIsSet() {
    let flag = StopFlag()
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.set("test") }
    let started = Date()
    XCTAssertFalse(flag.sleep(10))
    XCTAssertLessThan(Date().timeIntervalSince(started), 5)
  }
}
