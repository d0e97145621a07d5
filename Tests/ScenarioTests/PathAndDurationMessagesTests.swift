import Foundation
import Harness
import Scenario
import XCTest

/// Issue 13 item 11: `24h` is accepted (the message said the limit is 24 h), and a symlink loop is
/// called one.
final class PathAndDurationMessagesTests: XCTestCase {
  func testTwentyFourHoursIsAcceptedAndOneMoreSecondIsNot() {
    XCTAssertEqual(DurationText.seconds("24h"), 86_400)
    XCTAssertEqual(DurationText.seconds("1.5h"), 5_400)
    XCTAssertNoThrow(try ScenarioParser.parse(text: "name: day\ndeadline: 24h\n", file: "day.scn"))
    XCTAssertThrowsError(try ScenarioParser.parse(text: "name: day\ndeadline: 86401s\n", file: "day.scn")) {
      XCTAssertTrue("\($0)".contains("the longest accepted is 24h"), "\($0)")
    }
  }

  func testASymlinkLoopIsNamedAsOne() throws {
    let directory = NSTemporaryDirectory() + "chaos-test-loop-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let loop = directory + "/loop.scn"
    try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
    let (files, problems) = ScenarioFiles.expand([loop, directory + "/missing.scn"])
    XCTAssertEqual(files, [])
    XCTAssertEqual(
      problems,
      [
        "\(loop): error: too many levels of symbolic links (a symbolic link loop)",
        "\(directory)/missing.scn: error: no such file or directory",
      ])
    XCTAssertThrowsError(try ScenarioParser.parse(contentsOf: loop)) {
      XCTAssertTrue("\($0)".contains("cannot open the file: too many levels of symbolic links"), "\($0)")
    }
  }
}
