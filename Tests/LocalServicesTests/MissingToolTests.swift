import Foundation
import XCTest

/// Issue 24: a test whose tool is missing is skipped locally and fails under `CI=true`.
final class MissingToolTests: XCTestCase {
  func testAMissingToolSkipsLocallyAndFailsUnderCI() {
    let saved = getenv("CI").map { String(cString: $0) }
    defer {
      if let saved { setenv("CI", saved, 1) } else { unsetenv("CI") }
    }
    unsetenv("CI")
    XCTAssertTrue(MissingTool.error("no tool") is XCTSkip)
    setenv("CI", "true", 1)
    XCTAssertTrue(MissingTool.error("no tool") is MissingTool)
    XCTAssertThrowsError(try MissingTool.require(false, "no tool")) { XCTAssertTrue($0 is MissingTool) }
    XCTAssertNoThrow(try MissingTool.require(true, "no tool"))
  }
}
