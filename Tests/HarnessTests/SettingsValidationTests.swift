import Harness
import Scenario
import XCTest

/// Issue 13 item 4: a scenario whose `settings:` a worker would refuse is refused before anything
/// starts, with the variable and its range.
final class SettingsValidationTests: XCTestCase {
  func testAWorkerSettingOutOfRangeIsAProblemBeforeTheRun() throws {
    let text = SmallStackScenario.text(name: "ranges") + "settings:\n  RABBITMQ_HEARTBEAT: 99999999\n"
    let model = try ScenarioParser.parse(text: text, file: "ranges.scn")
    let problems = HarnessValidation.problems(model, hasProxyEngine: true)
    XCTAssertEqual(
      problems,
      [
        "ranges.scn: settings: RABBITMQ_HEARTBEAT=99999999: expected a whole number of seconds from 0 to 65535"
      ])
  }
}
