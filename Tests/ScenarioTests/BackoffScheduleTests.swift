import Harness
import Scenario
import XCTest

/// `backoff:` with a declared `schedule:`, and its mistakes at file:line:column.
final class BackoffScheduleTests: XCTestCase {
  private func scenario(_ expectation: String) -> String {
    """
    name: schedule
    seed: 1
    services: { redis: redis }
    workers: { scanner: 1 }
    expect:
      - backoff: redis
    \(expectation)
    """
  }

  func testScheduleIsParsed() throws {
    let model = try ScenarioParser.parse(
      text: scenario("    schedule: { initial: 300ms, max: 3s, factor: 2, double_after: 3 }"), file: "s.scn")
    XCTAssertEqual(
      model.expectations.claims,
      [
        SameClaim(
          BackoffChecker(
            service: "redis", tolerance: 0.2,
            schedule: BackoffSchedule(initial: 0.3, maximum: 3, factor: 2, doubleAfter: 3)))
      ])
    let plain = try ScenarioParser.parse(
      text: scenario("    schedule: { initial: 1s, max: 8s }"), file: "s.scn")
    XCTAssertEqual(
      plain.expectations.claims,
      [
        SameClaim(
          BackoffChecker(service: "redis", tolerance: 0.2, schedule: BackoffSchedule(initial: 1, maximum: 8)))
      ])
  }

  func testBadSchedulesAreReportedWhereTheyAre() {
    let cases: [(String, String)] = [
      (
        "    schedule: { initial: 1s }",
        "s.scn:7:15: error: 'schedule' needs 'initial' and 'max', e.g. { initial: 0.3s, max: 3s }"
      ),
      (
        "    schedule: { initial: 1, max: 3s }", "s.scn:7:26: error: bad duration '1' for 'initial'; expected"
      ),
      (
        "    schedule: { initial: 1s, max: 3s, factor: 0.5 }",
        "s.scn:7:47: error: 'factor' must be a number of at least 1"
      ),
      (
        "    schedule: { initial: 1s, max: 3s, doubel_after: 3 }",
        "s.scn:7:39: error: unknown key 'doubel_after' in 'schedule'"
      ),
      ("    schedule: 3s", "s.scn:7:15: error: 'schedule' must be a mapping like"),
    ]
    for (line, message) in cases {
      XCTAssertThrowsError(try ScenarioParser.parse(text: scenario(line), file: "s.scn"), line) { error in
        let text = (error as? ScenarioErrors)?.errors.map(\.description).joined(separator: "\n") ?? "\(error)"
        XCTAssertTrue(text.hasPrefix(message), "\(line): \(text)")
      }
    }
  }
}
