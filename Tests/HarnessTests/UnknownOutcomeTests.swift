import Foundation
import Scenario
import XCTest

@testable import Harness

/// An expectation whose witness is missing is unknown: its own mark `?` on the console, in JUnit,
/// JSON and HTML, with the reason; the scenario fails (exit status 1), as for a failure.
final class UnknownOutcomeTests: XCTestCase {
  private func runWithoutVerdict() -> RecordedJournal {
    var run = RecordedJournal()
    run.cleanRun()
    run.journal.checker = CheckerRun(time: 1, exitStatus: nil, report: nil, problem: "no check command")
    return run
  }

  func testWithoutAVerdictLostAndDuplicatesAreUnknownNotLost() {
    let run = runWithoutVerdict()
    let kinds: [any Checker] = [
      LostChecker(maximum: 0), DuplicatesChecker(maximum: 0), JobsDoneChecker(within: nil),
    ]
    for kind in kinds {
      let result = run.evaluate(kind)
      XCTAssertEqual(result.outcome, .unknown, "\(kind): \(result.summary)")
      XCTAssertTrue(result.summary.hasPrefix("no verdict"), result.summary)
    }
    // With the verdict the same claims are judged.
    var judged = runWithoutVerdict()
    judged.checker()
    XCTAssertEqual(judged.evaluate(LostChecker(maximum: 0)).outcome, .pass)
    XCTAssertEqual(judged.evaluate(LostChecker(maximum: 0)).witness, "verdict")
  }

  func testBackoffWithoutReconnectAttemptsAndRecoveryWithoutAnOutageAreUnknown() {
    var run = RecordedJournal()
    run.cleanRun()
    XCTAssertEqual(run.evaluate(BackoffChecker(service: "redis", tolerance: 0.2)).outcome, .unknown)
    let recovery = run.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertEqual(recovery.outcome, .unknown)
    XCTAssertTrue(recovery.summary.contains("nothing to recover from"), recovery.summary)
  }

  func testEveryKindHasARegisteredChecker() {
    let kinds: [any Checker] = [
      JobsDoneChecker(within: nil), DuplicatesChecker(maximum: 0), LostChecker(maximum: 0),
      AcksBalancedChecker(),
      LogChecker(LogExpectation(pattern: .text("job.done"))), RecoveryChecker(service: "redis", within: 1),
      BackoffChecker(service: "redis", tolerance: 0.2), NoCrashChecker(),
      MetricChecker(MetricExpectation(selector: MetricSelector(name: "reconnect_success_total"))),
    ]
    for kind in kinds {
      XCTAssertTrue(
        Checkers.all.contains { ObjectIdentifier($0) == ObjectIdentifier(type(of: kind)) }, "\(kind)")
    }
    XCTAssertEqual(Checkers.all.count, kinds.count)
    for checker in Checkers.all { XCTAssertFalse(checker.witness.isEmpty, "\(checker) names its witness") }
  }

  func testReportsMarkUnknownWithItsOwnSign() throws {
    var run = runWithoutVerdict()
    let result = run.evaluate(LostChecker(maximum: 0))
    run.journal.results = [result, run.evaluate(NoCrashChecker())]

    let console = ResultTable.render(run.journal.results)
    XCTAssertTrue(console[0].hasPrefix(" ? lost: 0"), console[0])
    XCTAssertTrue(console.contains { $0.contains("witness: verdict") }, "\(console)")

    let outcome = RunOutcome(status: .failed, journal: run.journal, wallTime: 1)
    let junit = JUnitReport.render([outcome])
    XCTAssertTrue(junit.contains("type=\"ExpectationUnknown\""), junit)
    XCTAssertTrue(junit.contains("message=\"unknown: no verdict"), junit)

    let data = try JSONEncoder().encode(result)
    let json = try XCTUnwrap(String(data: data, encoding: .utf8))
    XCTAssertTrue(json.contains("\"outcome\":\"unknown\""), json)
    XCTAssertEqual(try JSONDecoder().decode(ExpectationResult.self, from: data), result)
    // A journal written before `outcome` existed still reads.
    let old = #"{"expectation":"lost: 0","location":"a.scn:1:1","passed":false,"summary":"s","evidence":[]}"#
    XCTAssertEqual(try JSONDecoder().decode(ExpectationResult.self, from: Data(old.utf8)).outcome, .fail)

    let html = HTMLReport.expectationsTable(run.journal)
    XCTAssertTrue(html.contains("<tr class=\"expectation unknown\"><td class=\"verdict\">?</td>"), html)
  }
}
