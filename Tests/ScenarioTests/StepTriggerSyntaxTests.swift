import Foundation
import XCTest

@testable import Scenario

/// `after:` takes what `log:` takes (text or `/regex/`), `optional:` parses, and a trigger the run
/// could never meet is refused at validation with its `file:line:column`.
final class StepTriggerSyntaxTests: XCTestCase {
  private static let workers = """
    name: triggers
    workers:
      ticker:
        command: ["/bin/sh", "-c", "echo tick 1"]
      silent: { external: true, kill: "true" }

    """

  private func parse(_ text: String) throws -> ScenarioModel {
    try ScenarioParser.parse(text: text, file: "t.scn")
  }

  private func errors(_ text: String) -> [String] {
    do {
      _ = try parse(text)
      return []
    } catch let errors as ScenarioErrors {
      return errors.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  func testARegexTriggerIsARegexAndOptionalParses() throws {
    let model = try parse(
      Self.workers + """
        timeline:
          - after: /tick \\d+/
            kill worker: ticker
          - after: tick 1
            optional: true
            kill worker: ticker
        """)
    XCTAssertEqual(model.timeline[0].trigger, .afterLog(message: .regex(#"tick \d+"#), from: nil, count: 1))
    XCTAssertFalse(model.timeline[0].optional)
    XCTAssertEqual(model.timeline[1].trigger, .afterLog(message: .text("tick 1"), from: nil, count: 1))
    XCTAssertTrue(model.timeline[1].optional)
  }

  func testATriggerTheRunCannotMeetIsRefused() {
    XCTAssertEqual(
      errors(
        Self.workers + """
          timeline:
            - after: /tick (/
              kill worker: ticker
            - after: tick 1
              from: silent
              kill worker: ticker
            - after: tick 1
              optional: maybe
              kill worker: ticker
          """
      ).map { String($0.prefix(60)) },
      [
        "t.scn:7:12: error: the regular expression '/tick (/' for 'af",
        "t.scn:10:11: error: 'after' waits for a log line from 'silen",
        "t.scn:13:15: error: 'optional' must be true or false, found ",
      ])
    XCTAssertEqual(
      errors(
        """
        name: no-workers
        timeline:
          - after: tick 1
            reset: nothing
        """
      ).filter { $0.contains("no worker in this scenario writes one") }.map { String($0.prefix(18)) },
      ["t.scn:3:12: error:"])
  }
}
