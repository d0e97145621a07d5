import Foundation
import XCTest

@testable import Harness

final class SignalTrapTests: XCTestCase {
  func testSIGTERMSetsTheInterruptFlagInsteadOfKillingTheProcess() {
    let flag = InterruptFlag()
    let trap = SignalTrap()
    trap.install(flag)
    defer { trap.uninstall() }
    XCTAssertNil(flag.interruption)
    kill(getpid(), SIGTERM)
    let deadline = Date().addingTimeInterval(5)
    while flag.interruption == nil && Date() < deadline { usleep(10_000) }
    XCTAssertEqual(flag.interruption, "SIGTERM")
  }
}
