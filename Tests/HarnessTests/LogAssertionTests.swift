import Scenario
import XCTest

@testable import Harness

final class LogAssertionTests: XCTestCase {
  private func outageRun() -> RecordedJournal {
    var run = RecordedJournal()
    run.line(-1, "downloader#1", "starting up (plain text line)")
    run.event(1, "downloader#1", "worker.started")
    run.event(
      5.5, "downloader#1", "Redis health check failed", level: "warning",
      ["component": "redis", "error": "EOF"])
    run.event(5.6, "downloader#1", "Starting Redis reconnection...", level: "warning", ["component": "redis"])
    run.event(9.2, "downloader#1", "Redis reconnection successful", ["service": "redis", "attempts": 4])
    run.event(6.0, "downloader#2", "Redis reconnection successful", ["service": "redis", "attempts": 1])
    run.event(9.5, "scanner#1", "Redis health check failed", level: "warning", ["component": "redis"])
    return run
  }

  func testPlainTextCountFromAndAfterTime() {
    let run = outageRun()
    XCTAssertTrue(
      run.evaluate(LogChecker(LogExpectation(pattern: .text("Redis reconnection successful")))).passed)
    let fromDownloader = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), from: "downloader",
          count: CountComparison(.equal, 2))))
    XCTAssertTrue(fromDownloader.passed, fromDownloader.summary)
    XCTAssertTrue(
      fromDownloader.evidence.contains { $0.contains("downloader#1") && $0.contains("9.2s") },
      "\(fromDownloader.evidence)")
    let fromScanner = run.evaluate(
      LogChecker(LogExpectation(pattern: .text("Redis reconnection successful"), from: "scanner")))
    XCTAssertFalse(fromScanner.passed)
    XCTAssertEqual(fromScanner.summary, "0 matching lines from scanner, expected >= 1")
    let late = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), count: CountComparison(.equal, 1), after: .time(7))
      ))
    XCTAssertTrue(late.passed, late.summary)
  }

  func testTextLinesAreMatchedToo() {
    let run = outageRun()
    XCTAssertTrue(run.evaluate(LogChecker(LogExpectation(pattern: .text("plain text line")))).passed)
  }

  func testRegex() {
    let run = outageRun()
    XCTAssertTrue(
      run.evaluate(
        LogChecker(
          LogExpectation(pattern: .regex("^Redis (health|reconn)"), count: CountComparison(.equal, 4)))
      ).passed)
    XCTAssertFalse(run.evaluate(LogChecker(LogExpectation(pattern: .regex("^RabbitMQ")))).passed)
    XCTAssertFalse(run.evaluate(LogChecker(LogExpectation(pattern: .regex("([unclosed")))).passed)
  }

  func testImpossibleLineFails() {
    let result = outageRun().evaluate(LogChecker(LogExpectation(pattern: .text("this line is never logged"))))
    XCTAssertFalse(result.passed)
    XCTAssertEqual(result.summary, "0 matching lines, expected >= 1")
  }

  func testBeforeAnotherMessagePerWorker() {
    let run = outageRun()
    let ordered = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis health check failed"),
          before: .message(.text("Redis reconnection successful")))))
    // downloader#1 failed before it reconnected; scanner#1 never reconnected, so its line counts too.
    XCTAssertTrue(ordered.passed, ordered.summary)
    let reversed = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), from: "downloader",
          count: CountComparison(.equal, 2),
          before: .message(.text("Redis health check failed")))))
    XCTAssertFalse(
      reversed.passed, "downloader#1 reconnected after its failure: only downloader#2's line is before")
  }

  func testAfterAnotherMessageAndWithin() {
    let run = outageRun()
    let within = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), from: "downloader",
          after: .message(.text("Starting Redis reconnection...")), within: 4)))
    XCTAssertTrue(within.passed, within.summary)
    let tooSlow = run.evaluate(
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), from: "downloader",
          after: .message(.text("Starting Redis reconnection...")), within: 3)))
    XCTAssertFalse(tooSlow.passed, "3.6 s after the anchor is later than 3 s")
    let afterTime = run.evaluate(
      LogChecker(LogExpectation(pattern: .text("Redis health check failed"), after: .time(5), within: 0.4)))
    XCTAssertFalse(afterTime.passed, "the first match is 0.5 s after 5 s")
    XCTAssertTrue(
      run.evaluate(
        LogChecker(LogExpectation(pattern: .text("Redis health check failed"), after: .time(5), within: 0.6))
      ).passed)
  }

  func testCountZero() {
    let run = outageRun()
    XCTAssertTrue(
      run.evaluate(
        LogChecker(
          LogExpectation(pattern: .text("Redis reconnection failed"), count: CountComparison(.equal, 0)))
      ).passed)
    XCTAssertFalse(
      run.evaluate(
        LogChecker(
          LogExpectation(pattern: .text("Redis health check failed"), count: CountComparison(.equal, 0)))
      ).passed)
  }
}
