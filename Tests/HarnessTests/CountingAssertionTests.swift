import Scenario
import XCTest

@testable import Harness

/// `jobs: all done`, `duplicates`, `lost`, `no crash` over recorded journals: each passes on a clean
/// run and fails when its claim is broken.
final class CountingAssertionTests: XCTestCase {
  func testJobsAllDonePassesWithinTheLimit() {
    var run = RecordedJournal()
    run.cleanRun()
    let result = run.evaluate(JobsDoneChecker(within: 10))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(result.summary.contains("3/3 done at 3.200s"), result.summary)
  }

  func testJobsAllDoneFailsWhenTooLate() {
    var run = RecordedJournal()
    run.cleanRun()
    let result = run.evaluate(JobsDoneChecker(within: 2))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("later than 2s"), result.summary)
  }

  func testJobsAllDoneFailsWhenTheCheckerCountsFewer() {
    var run = RecordedJournal()
    run.cleanRun()
    run.checker(done: 2, lost: 1)
    let result = run.evaluate(JobsDoneChecker(within: nil))
    XCTAssertFalse(result.passed)
    XCTAssertEqual(result.summary, "2/3 jobs done (checker)")
  }

  func testJobsAllDoneDoesNotCountRecognisedDuplicates() {
    var run = RecordedJournal()
    run.event(1, "downloader#1", "job.done", ["job": "doc-000001", "duplicate": false])
    run.event(2, "downloader#2", "job.done", ["job": "doc-000001", "duplicate": true])
    run.event(3, "downloader#2", "job.done", ["job": "doc-000002"])
    run.checker(done: 3)
    let result = run.evaluate(JobsDoneChecker(within: nil))
    XCTAssertFalse(result.passed, "only 2 distinct completions were logged")
    XCTAssertTrue(
      result.evidence.contains("2 distinct jobs completed in the workers' logs"), "\(result.evidence)")
  }

  func testJobsAllDoneCountsACompletionLoggedOnlyAsARecognisedRedelivery() {
    // The completion script ran but its reply was lost (a Redis timeout); the redelivery found the
    // job done and logged it with duplicate: true. That is the job's only job.done line.
    var run = RecordedJournal()
    run.event(1, "consumer#1", "job.done", ["job": "doc-000001", "duplicate": false])
    run.event(2, "consumer#1", "job.done", ["job": "doc-000002", "duplicate": true])
    run.event(3, "consumer#1", "job.done", ["job": "doc-000003"])
    run.checker(done: 3)
    let result = run.evaluate(JobsDoneChecker(within: nil))
    XCTAssertTrue(result.passed, "\(result.summary) \(result.evidence)")
  }

  func testJobsAllDoneFailsWithoutAChecker() {
    var run = RecordedJournal()
    run.cleanRun()
    run.journal.checker = CheckerRun(
      time: 1, exitStatus: nil, report: nil, problem: "the checker could not run")
    let result = run.evaluate(JobsDoneChecker(within: nil))
    XCTAssertFalse(result.passed)
    XCTAssertEqual(result.outcome, .unknown, "no verdict is no witness, not a failure: \(result.summary)")
    XCTAssertEqual(result.witness, "verdict and logs")
  }

  func testDuplicatesHoldOnACleanRunAndFailOnADoubleCompletion() {
    var run = RecordedJournal()
    run.cleanRun()
    XCTAssertTrue(run.evaluate(DuplicatesChecker(maximum: 0)).passed)
    run.event(5, "downloader#2", "job.done", ["job": "doc-000002", "duplicate": false])
    let result = run.evaluate(DuplicatesChecker(maximum: 0))
    XCTAssertFalse(result.passed, "a second non-duplicate completion of doc-000002 was logged")
    XCTAssertTrue(
      result.evidence.contains { $0.contains("downloader#2") && $0.contains("doc-000002") },
      "\(result.evidence)")
    XCTAssertTrue(run.evaluate(DuplicatesChecker(maximum: 1)).passed)
  }

  func testDuplicatesFailWhenTheCheckerFindsThem() {
    var run = RecordedJournal()
    run.cleanRun()
    run.checker(duplicates: 2)
    let result = run.evaluate(DuplicatesChecker(maximum: 0))
    XCTAssertFalse(result.passed)
    XCTAssertEqual(result.summary, "2 duplicated jobs, at most 0 allowed")
  }

  func testRecognisedRedeliveriesAreNotDuplicates() {
    var run = RecordedJournal()
    run.cleanRun()
    run.event(5, "downloader#2", "job.done", ["job": "doc-000002", "duplicate": true])
    let result = run.evaluate(DuplicatesChecker(maximum: 0))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(
      result.evidence.contains { $0.hasPrefix("1 redelivered completions") }, "\(result.evidence)")
  }

  func testLost() {
    var run = RecordedJournal()
    run.cleanRun()
    XCTAssertTrue(run.evaluate(LostChecker(maximum: 0)).passed)
    run.checker(done: 1, lost: 2)
    let result = run.evaluate(LostChecker(maximum: 0))
    XCTAssertFalse(result.passed)
    XCTAssertEqual(result.summary, "2 jobs lost, at most 0 allowed")
    XCTAssertTrue(result.evidence[0].contains("lost 2"), "\(result.evidence)")
  }

  func testNoCrash() {
    var run = RecordedJournal()
    run.journal.exits = [
      WorkerExit(
        instance: "downloader#1", role: "downloader", generation: 1, pid: 10, status: 9, time: 3,
        requestedSignal: "SIGKILL"),
      WorkerExit(
        instance: "downloader#1", role: "downloader", generation: 2, pid: 11, status: 0, time: 9,
        requestedSignal: "SIGTERM"),
    ]
    let held = run.evaluate(NoCrashChecker())
    XCTAssertTrue(held.passed, held.summary)
    run.journal.exits.append(
      WorkerExit(
        instance: "scanner#1", role: "scanner", generation: 1, pid: 12, status: 6, time: 4,
        requestedSignal: nil))
    run.journal.exits.append(
      WorkerExit(
        instance: "downloader#2", role: "downloader", generation: 1, pid: 13, status: 15, time: 9,
        requestedSignal: "SIGTERM"))
    run.line(3.9, "scanner#1", "Fatal error: Index out of range")
    let failed = run.evaluate(NoCrashChecker())
    XCTAssertFalse(failed.passed)
    XCTAssertEqual(failed.summary, "2 unexpected worker exits")
    XCTAssertTrue(
      failed.evidence.contains { $0.contains("scanner#1") && $0.contains("status 6") }, "\(failed.evidence)")
    XCTAssertTrue(
      failed.evidence.contains { $0.contains("downloader#2") && $0.contains("did not shut down cleanly") })
  }
}
