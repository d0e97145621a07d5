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

  /// kombu's and Celery's retries: 2, 4, 6 s, then 6 s.
  func testALinearScheduleIsParsed() throws {
    let model = try ScenarioParser.parse(
      text: scenario("    schedule: { initial: 2s, step: 2s, max: 6s }"), file: "s.scn")
    let linear = BackoffSchedule(initial: 2, maximum: 6, step: 2)
    XCTAssertEqual(
      model.expectations.claims,
      [SameClaim(BackoffChecker(service: "redis", tolerance: 0.2, schedule: linear))])
    XCTAssertEqual((1...5).map(linear.delay), [2, 4, 6, 6, 6])
    XCTAssertEqual(
      (1...6).map(BackoffSchedule(initial: 0.5, maximum: 2, step: 0.25).delay),
      [0.5, 0.75, 1, 1.25, 1.5, 1.75])
    XCTAssertEqual(
      (1...5).map(BackoffSchedule(initial: 1, maximum: 10, doubleAfter: 3, step: 1).delay), [1, 2, 6, 8, 10])
    XCTAssertEqual(
      model.expectations[0].kind.description, "backoff: redis (tolerance 20%; initial 2 s, max 6 s, +2 s)")
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
      (
        "    schedule: { initial: 2s, step: 2s, max: 6s, factor: 2 }",
        "s.scn:7:49: error: 'schedule' takes 'factor' (each wait multiplied) or 'step' (each wait longer by a "
          + "duration), not both"
      ),
      (
        "    schedule: { initial: 2s, step: 0s, max: 6s }",
        "s.scn:7:36: error: 'step' must be longer than 0s, found '0s'"
      ),
      ("    schedule: { initial: 2s, step: 2, max: 6s }", "s.scn:7:36: error: bad duration '2' for 'step'"),
    ]
    for (line, message) in cases {
      XCTAssertThrowsError(try ScenarioParser.parse(text: scenario(line), file: "s.scn"), line) { error in
        let text = (error as? ScenarioErrors)?.errors.map(\.description).joined(separator: "\n") ?? "\(error)"
        XCTAssertTrue(text.hasPrefix(message), "\(line): \(text)")
      }
    }
  }
}
