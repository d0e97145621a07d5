import Foundation
import Harness
import XCTest

@testable import Scenario

/// What `chaos validate` and `chaos list` print and whether they exit 0 or 2.
final class ScenarioFileReportTests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "scenario-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try "name: alpha\nabout: The first one.\n".write(
      to: directory.appendingPathComponent("a.scn"), atomically: true, encoding: .utf8)
    try "name: beta-long-name\n".write(
      to: directory.appendingPathComponent("b.scn"), atomically: true, encoding: .utf8)
    try "notes, not a scenario".write(
      to: directory.appendingPathComponent("readme.txt"), atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: directory)
  }

  func testValidateADirectoryOfValidFiles() {
    let report = ScenarioFileReport.validate(paths: [directory.path], expectationKinds: Checkers.kinds)
    XCTAssertTrue(report.allValid)
    XCTAssertEqual(report.lines.map(\.text), ["ok: \(directory.path)/a.scn", "ok: \(directory.path)/b.scn"])
    XCTAssertFalse(report.lines.contains(where: \.isError))
  }

  func testValidateReportsEveryErrorAndFails() throws {
    let broken = directory.appendingPathComponent("c.scn")
    try "name: gamma\nseed: x\ndedline: 3s\n".write(to: broken, atomically: true, encoding: .utf8)
    let report = ScenarioFileReport.validate(
      paths: [directory.appendingPathComponent("a.scn").path, broken.path], expectationKinds: Checkers.kinds)
    XCTAssertFalse(report.allValid)
    XCTAssertEqual(
      report.lines,
      [
        .init(text: "ok: \(directory.path)/a.scn", isError: false),
        .init(
          text:
            "\(broken.path):2:7: error: 'seed' must be a whole number from 0 to 18446744073709551615, found 'x'",
          isError: true),
        .init(
          text: "\(broken.path):3:1: error: unknown key 'dedline' in the scenario; did you mean 'deadline'?",
          isError: true),
      ])
  }

  func testMissingPathsAndEmptyDirectoriesFail() throws {
    let empty = directory.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let report = ScenarioFileReport.validate(
      paths: [empty.path, "/nonexistent.scn"], expectationKinds: Checkers.kinds)
    XCTAssertFalse(report.allValid)
    XCTAssertEqual(
      report.lines.map(\.text),
      [
        "\(empty.path): error: no .scn files in this directory",
        "/nonexistent.scn: error: no such file or directory",
      ])
  }

  func testListShowsNameAndAbout() {
    let report = ScenarioFileReport.list(paths: [directory.path], expectationKinds: Checkers.kinds)
    XCTAssertTrue(report.allValid)
    XCTAssertEqual(
      report.lines.map(\.text),
      [
        "alpha           The first one.  (\(directory.path)/a.scn)",
        "beta-long-name  -  (\(directory.path)/b.scn)",
      ])
  }
}
