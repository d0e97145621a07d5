import Harness
import Scenario
import XCTest

/// A kind written outside the harness (``ExitCountChecker``) and added with one table line is read
/// by the `.scn` parser — its key, its parameter, its did-you-mean and its located errors — and
/// judged by ``ExpectationEvaluator`` like the built-in kinds.
final class ExpectationKindSeamTests: XCTestCase {
  /// The one registry line.
  static let kinds = ExpectationKinds(Checkers.all + [ExitCountChecker.self])

  static func scenario(_ expect: String) -> String {
    """
    name: seam
    services: { redis: redis, rabbitmq: rabbitmq }
    workers: { downloader: 2, scanner: 1 }
    expect:
    \(expect)
    """
  }

  private func errors(_ expect: String, kinds: ExpectationKinds = kinds) -> [String] {
    do {
      _ = try ScenarioParser.parse(text: Self.scenario(expect), file: "seam.scn", expectationKinds: kinds)
      return []
    } catch let errors as ScenarioErrors {
      return errors.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  func testTheNewKindIsParsedWithTheBuiltInOnes() throws {
    let model = try ScenarioParser.parse(
      text: Self.scenario("  - exits: \"<= 1\"\n    from: scanner\n  - no crash"), file: "seam.scn",
      expectationKinds: Self.kinds)
    XCTAssertEqual(model.expectations.count, 2)
    let exits = try XCTUnwrap(model.expectations[0].kind as? ExitCountChecker)
    XCTAssertEqual(exits, ExitCountChecker(count: CountComparison(.atMost, 1), from: "scanner"))
    XCTAssertEqual(model.expectations[0].location, SourceLocation(file: "seam.scn", line: 5, column: 5))
    XCTAssertEqual(model.expectations[0].kind.description, "exits: <= 1 from scanner")
    XCTAssertTrue(model.expectations[1].kind is NoCrashChecker)
  }

  func testTheNewKindsErrorsAreLocatedAndSuggested() {
    XCTAssertEqual(
      errors("  - exit: 1"), ["seam.scn:5:5: error: unknown key 'exit' in expectation; did you mean 'exits'?"]
    )
    XCTAssertEqual(
      errors("  - exits: lots"),
      [
        "seam.scn:5:12: error: bad exits 'lots'; expected a exits like 0, \">= 1\" or \"< 5\" (an operator ==, "
          + ">=, <=, >, < and a whole number)"
      ])
    XCTAssertEqual(
      errors("  - exits: 0\n    from: scaner"),
      ["seam.scn:6:11: error: 'from' names unknown worker 'scaner'; did you mean 'scanner'?"])
    XCTAssertEqual(
      errors("  - duplicates: 0\n    from: scanner"),
      ["seam.scn:6:5: error: 'from' does not apply to 'duplicates'; it goes with 'log', 'exits'"])
    XCTAssertEqual(
      errors("  - exits: 0\n    tolerance: 5%"),
      ["seam.scn:6:5: error: 'tolerance' does not apply to 'exits'; it goes with 'backoff'"])
    // Without its table line the parser does not know the kind.
    XCTAssertEqual(
      errors("  - exits: 0", kinds: Checkers.kinds).first?.hasPrefix(
        "seam.scn:5:5: error: unknown key 'exits' in expectation"), true)
  }

  func testTheNewKindIsJudgedByTheEvaluator() throws {
    let model = try ScenarioParser.parse(
      text: Self.scenario("  - exits: \"<= 1\"\n    from: scanner"), file: "seam.scn",
      expectationKinds: Self.kinds)
    var journal = RunJournal(scenario: ScenarioSummary(model))
    journal.exits = [
      WorkerExit(
        instance: "scanner#1", role: "scanner", generation: 1, pid: 10, status: 0, time: 3,
        requestedSignal: "SIGTERM"),
      WorkerExit(
        instance: "downloader#1", role: "downloader", generation: 1, pid: 11, status: 9, time: 4,
        requestedSignal: "SIGKILL"),
    ]
    let held = ExpectationEvaluator.evaluate(model.expectations[0], in: journal)
    XCTAssertEqual(held.outcome, .pass, held.summary)
    XCTAssertEqual(held.expectation, "exits: <= 1 from scanner")
    XCTAssertEqual(held.summary, "1 worker exit (<= 1)")
    XCTAssertEqual(held.witness, "exits")
    XCTAssertEqual(held.location, "seam.scn:5:5")
    journal.exits.append(
      WorkerExit(
        instance: "scanner#1", role: "scanner", generation: 2, pid: 12, status: 6, time: 8,
        requestedSignal: nil))
    let failed = ExpectationEvaluator.evaluate(model.expectations[0], in: journal)
    XCTAssertEqual(failed.outcome, .fail)
    XCTAssertEqual(failed.summary, "2 worker exits (<= 1)")
    XCTAssertEqual(failed.evidence.last, "scanner#1 (process 2) exited with status 6")
  }

  /// What a kind refuses before the run (``Checker/problems(in:)``), located by `HarnessValidation`:
  /// a scenario built in code can name what the parser would have refused.
  func testEachKindsOwnProblemsAreLocatedBeforeTheRun() throws {
    var model = try ScenarioParser.parse(text: Self.scenario("  - no crash"), file: "seam.scn")
    let here = SourceLocation(file: "seam.scn", line: 9, column: 5)
    model.expectations = [
      Expectation(kind: RecoveryChecker(service: "postgres", within: 3), location: here),
      Expectation(kind: BackoffChecker(service: "redis", tolerance: 0.2), location: here),
      Expectation(kind: LogChecker(LogExpectation(pattern: .regex("(["))), location: here),
      Expectation(kind: ExitCountChecker(count: CountComparison(.equal, 0)), location: here),
    ]
    XCTAssertEqual(
      HarnessValidation.problems(model, hasProxyEngine: true),
      [
        "seam.scn:9:5: postgres is not a declared service",
        "seam.scn:9:5: /([/ is not a valid regular expression",
      ])
  }
}
