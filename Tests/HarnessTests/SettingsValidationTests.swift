import Foundation
import Harness
import Scenario
import XCTest

/// Issue 13 item 4: a scenario whose `settings:` a worker would refuse is refused before anything
/// starts, with the variable and its range — now said by `chaos-worker settings` itself (the
/// harness does not link the workers), at the variable's `file:line:column`.
final class SettingsValidationTests: XCTestCase {
  private func workerBinary() throws -> String {
    do {
      return try WorkerBinary.locate()
    } catch {
      throw MissingTool.error("chaos-worker is not built next to the tests: \(error)")
    }
  }

  func testAWorkerSettingOutOfRangeIsAProblemBeforeTheRun() throws {
    let text = SmallStackScenario.text(name: "ranges") + "settings:\n  RABBITMQ_HEARTBEAT: 99999999\n"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "chaos-settings-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("ranges.scn").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let model = try ScenarioParser.parse(text: text, file: file)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    XCTAssertEqual(
      WorkerSettingsCheck.problems(model, workerBinary: try workerBinary()),
      [
        "\(file):\(line):3: settings: RABBITMQ_HEARTBEAT=99999999: expected a whole number of seconds from 0 to 65535"
      ])
  }

  func testValidateRefusesASettingOutOfRangeAsRunDoes() throws {
    let binary = try workerBinary()
    let text = SmallStackScenario.text(name: "ranges") + "settings:\n  RABBITMQ_HEARTBEAT: 99999999\n"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "chaos-settings-validate-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("ranges.scn").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let report = ScenarioFileReport.validate(
      paths: [file], expectationKinds: Checkers.kinds,
      runProblems: { RunRefusals.problems($0, workerBinary: binary) })
    XCTAssertFalse(report.allValid)
    XCTAssertEqual(report.lines.map(\.isError), [true])
    XCTAssertTrue(
      report.lines.first?.text.hasSuffix(
        "settings: RABBITMQ_HEARTBEAT=99999999: expected a whole number of seconds from 0 to 65535")
        == true, "\(report.lines)")
  }

  func testValidSettingsAreNoProblem() throws {
    let text = SmallStackScenario.text(name: "ranges") + "settings:\n  RABBITMQ_HEARTBEAT: 5\n"
    let model = try ScenarioParser.parse(text: text, file: "ranges.scn")
    XCTAssertEqual(WorkerSettingsCheck.problems(model, workerBinary: try workerBinary()), [])
  }
}
