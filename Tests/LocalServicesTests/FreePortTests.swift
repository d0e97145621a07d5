import XCTest

@testable import LocalServices

/// `CHAOS_PORT_RANGE`: the XCTest workers of scripts/unit-test.sh each draw from their own slice.
final class FreePortTests: XCTestCase {
  func testTheRangeVariableNarrowsThePortsDrawn() throws {
    XCTAssertEqual(try FreePort.candidates(environment: ["CHAOS_PORT_RANGE": "20000-21379"]), 20_000...21_379)
    let whole = try FreePort.candidates(environment: [:])
    XCTAssertEqual(whole.lowerBound, 10_000)
    XCTAssertEqual(whole.upperBound, FreePort.ephemeralStart() - 1)
    var drawn: Set<UInt16> = []
    for _ in 0..<5 { drawn.insert(try FreePort.allocate(in: 20_000...20_099)) }
    XCTAssertEqual(drawn.count, 5)
    XCTAssertTrue(drawn.allSatisfy { (20_000...20_099).contains(Int($0)) }, "\(drawn)")
  }

  func testABadRangeIsNamed() {
    for text in ["20000", "21000-20000", "80-90", "10000-70000", "a-b", ""] {
      XCTAssertThrowsError(try FreePort.candidates(environment: ["CHAOS_PORT_RANGE": text]), text) {
        XCTAssertEqual(
          "\($0)", "CHAOS_PORT_RANGE=\(text): expected LOW-HIGH, two ports with 1024 ≤ LOW ≤ HIGH ≤ 65535")
      }
    }
  }
}
