import Scenario
import XCTest

@testable import Harness

/// `recovery:` and `backoff:` judged from the proxy's link records alone (a worker that logs
/// nothing the log witness understands), and both witnesses side by side.
final class WireWitnessTests: XCTestCase {
  private var nextLink = 0

  /// One link of `instance` through proxy `redis`: accepted at `at`, then the given kinds.
  private func link(
    _ run: inout RecordedJournal, _ instance: String?, at time: Double, _ later: [(Double, String)] = [],
    generation: Int = 1, client: String = "127.0.0.1:40000"
  ) {
    nextLink += 1
    for (offset, kind) in [(0.0, "accepted")] + later {
      var record = LinkRecord(
        time: time + offset, proxy: "redis", service: "redis", link: nextLink, kind: kind, client: client,
        instance: instance, generation: instance == nil ? nil : generation, pid: instance == nil ? nil : 100)
      if kind == "exchange" { record.detail = "reply" }
      run.journal.links = (run.journal.links ?? []) + [record]
    }
  }

  /// A worker (no log lines at all) that loses its link at 5 s, retries on `gaps`, and gets its
  /// first reply `replyAfter` seconds after Redis is back at `back`.
  private func silentWorker(gaps: [Double], back: Double = 9, replyAfter: Double = 0.4) -> RecordedJournal {
    var run = RecordedJournal()
    run.outage("redis", from: 5, to: back, verb: "cut")
    link(&run, "python#1", at: 0, [(0.1, "connected"), (0.2, "exchange"), (5, "closed")])
    var time = 5.3
    for gap in gaps {
      link(&run, "python#1", at: time, [(0, "connect-failed")])
      time += gap
    }
    link(
      &run, "python#1", at: max(time, back + replyAfter - 0.01), [(0.005, "connected"), (0.01, "exchange")])
    return run
  }

  func testRecoveryFromTheWireAlone() {
    let result = silentWorker(gaps: [0.6, 1.2, 2.4]).evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(result.summary.hasSuffix("witness: wire)"), result.summary)
    XCTAssertTrue(
      result.evidence.contains { $0.contains("wire python#1: first reply on link redis#") },
      "\(result.evidence)")
  }

  func testSlowRecoveryOnTheWireFails() {
    let result = silentWorker(gaps: [0.6, 1.2, 2.4], replyAfter: 4).evaluate(
      RecoveryChecker(service: "redis", within: 3))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("wire: python#1 took 4.000s"), result.summary)
  }

  func testBackoffFromTheWireFollowsTheSettings() {
    var run = silentWorker(gaps: [0.6, 1.2, 2.4])
    run.journal.scenario.settings = [
      "REDIS_RECONNECT_INITIAL_DELAY": "0.3", "REDIS_RECONNECT_MAX_DELAY": "3",
    ]
    let result = run.evaluate(BackoffChecker(service: "redis", tolerance: 0.1))
    XCTAssertTrue(result.passed, result.summary + "\n" + result.evidence.joined(separator: "\n"))
    XCTAssertTrue(result.summary.contains("(witness: wire)"), result.summary)
  }

  func testFixedRetryFailsTheDeclaredSchedule() {
    let schedule = BackoffSchedule(initial: 0.3, maximum: 3, factor: 2, doubleAfter: 3)
    let result = silentWorker(gaps: [1, 1, 1, 1]).evaluate(
      BackoffChecker(service: "redis", tolerance: 0.1, schedule: schedule))
    XCTAssertFalse(result.passed)
    XCTAssertTrue(
      result.summary.contains(
        "wire: python#1 (process 1) attempt 2 came 1 s after attempt 1, expected 0.6 s"), result.summary)
  }

  func testWorkerLoopScheduleDoublesFromTheThirdFailure() {
    let schedule = BackoffSchedule(initial: 0.3, maximum: 3, factor: 2, doubleAfter: 3)
    XCTAssertEqual((1...5).map(schedule.delay), [0.3, 0.6, 2.4, 3, 3])
    XCTAssertEqual((1...5).map(BackoffSchedule(initial: 0.3, maximum: 3).delay), [0.3, 0.6, 1.2, 2.4, 3])
    let result = silentWorker(gaps: [0.6, 2.4, 3, 3]).evaluate(
      BackoffChecker(service: "redis", tolerance: 0.1, schedule: schedule))
    XCTAssertTrue(result.passed, result.summary)
  }

  /// `{ initial: 2s, step: 2s, max: 10s }`: waits of 2, 4, 6, 8, 10 s hold; the same waits fail
  /// the exponential schedule with that initial and max (2, 4, 8, 10 s).
  func testALinearScheduleOnTheWire() {
    let linear = BackoffSchedule(initial: 2, maximum: 10, step: 2)
    let held = silentWorker(gaps: [4, 6, 8, 10]).evaluate(
      BackoffChecker(service: "redis", tolerance: 0.1, schedule: linear))
    XCTAssertTrue(held.passed, held.summary + "\n" + held.evidence.joined(separator: "\n"))
    let exponential = silentWorker(gaps: [4, 6, 8, 10]).evaluate(
      BackoffChecker(service: "redis", tolerance: 0.1, schedule: BackoffSchedule(initial: 2, maximum: 10)))
    XCTAssertFalse(exponential.passed)
    XCTAssertTrue(
      exponential.summary.contains("attempt 3 came 6 s after attempt 2, expected 8 s"), exponential.summary)
  }

  func testWireAndLogsSideBySide() {
    var run = silentWorker(gaps: [0.6, 1.2], replyAfter: 0.4)
    run.event(5.2, "python#1", "Redis health check failed", level: "warning", ["component": "redis"])
    run.event(9.5, "python#1", "Redis reconnection successful", ["service": "redis"])
    let result = run.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(result.summary.hasSuffix("witness: wire and logs)"), result.summary)
    XCTAssertTrue(
      result.evidence.contains("  python#1: 0.400s by the wire, 0.500s by the logs"), "\(result.evidence)")
  }

  /// Redis answered just before each restart's end was recorded: the worker's third attempt
  /// connected then, and its attempts 30 s later belong to the next restart, not to this one.
  func testAnOutageDoesNotRunIntoTheNext() {
    var run = RecordedJournal(settings: [
      "REDIS_RECONNECT_INITIAL_DELAY": "0.3", "REDIS_RECONNECT_MAX_DELAY": "3",
    ])
    run.outage("redis", from: 5, to: 7)
    run.outage("redis", from: 37, to: 39)
    link(&run, "python#1", at: 0, [(0.1, "connected"), (0.2, "exchange"), (5, "closed")])
    for start in [5.0, 37.0] {
      link(&run, "python#1", at: start + 0.1, [(0, "connect-failed")])
      link(&run, "python#1", at: start + 0.7, [(0, "connect-failed")])
      link(
        &run, "python#1", at: start + 1.9, [(0.005, "connected"), (0.01, "exchange"), (30.1 - 1.9, "closed")])
    }
    let result = run.evaluate(BackoffChecker(service: "redis", tolerance: 0.1))
    XCTAssertTrue(result.passed, result.summary + "\n" + result.evidence.joined(separator: "\n"))
    XCTAssertEqual(
      result.evidence.filter {
        $0.contains("wire python#1 (process 1): 3 attempts in restart redis, gaps 0.6, 1.2 s")
      }
      .count, 2, "\(result.evidence)")
  }

  /// The attempts of python#1 during the outage (accepted at 5 s or later), each given the
  /// run-queue waits so far of the process's threads `waits[i]` (thread id → seconds).
  private func withRunQueueWaits(_ run: RecordedJournal, _ waits: [[String: Double]]) -> RecordedJournal {
    var run = run
    var index = 0
    for (position, record) in (run.journal.links ?? []).enumerated()
    where record.kind == "accepted" && record.time >= 5 && index < waits.count {
      run.journal.links?[position].runQueueWait = waits[index]
      index += 1
    }
    return run
  }

  /// A gap 0.38 s too long while one thread of the process waited 0.4 s for a CPU: the machine's
  /// delay, not the schedule's — not judged (and said), the other gaps judged and holding. The
  /// same gap with no run-queue sample, or with a wait too short to explain it, fails; a gap too
  /// short is never excused.
  func testALateGapTheMachineExplainsIsNotJudged() {
    let schedule = BackoffSchedule(initial: 0.3, maximum: 3, factor: 2, doubleAfter: 3)
    let checker = BackoffChecker(service: "redis", tolerance: 0.1, schedule: schedule)
    let waits: [[String: Double]] = [
      ["7": 0, "8": 1], ["7": 0, "8": 1], ["7": 0.001, "8": 1], ["7": 0.401, "8": 1.02],
      ["7": 0.401, "8": 1.02],
    ]
    let late = silentWorker(gaps: [0.6, 2.4, 3.38, 3])
    let excused = withRunQueueWaits(late, waits).evaluate(checker)
    XCTAssertTrue(excused.passed, excused.summary + "\n" + excused.evidence.joined(separator: "\n"))
    XCTAssertTrue(
      excused.summary.hasSuffix(
        "(witness: wire); 1 gap not judged (the machine kept a process waiting for a CPU)"), excused.summary)
    XCTAssertTrue(
      excused.evidence.contains(
        "wire: python#1 (process 1) attempt 4 came 3.38 s after attempt 3, expected 3 s: not judged, "
          + "the process waited 0.4 s for a CPU in between (run queue)"), "\(excused.evidence)")

    XCTAssertFalse(late.evaluate(checker).passed, "no run-queue sample: judged, and too late")
    var short = waits
    short[3]["7"] = 0.021
    XCTAssertFalse(withRunQueueWaits(late, short).evaluate(checker).passed, "0.02 s explains nothing")

    let early = withRunQueueWaits(silentWorker(gaps: [0.6, 2.4, 2.5, 3]), waits).evaluate(checker)
    XCTAssertFalse(early.passed, early.summary)
    XCTAssertTrue(early.summary.contains("attempt 4 came 2.5 s after attempt 3, expected 3 s"), early.summary)
  }

  /// The kernel's counters are read for a live process (this one: every thread listed, none
  /// negative) and are empty for a process that is gone.
  func testRunQueueWaitIsReadFromProcfs() {
    let mine = RunQueueWait.threads(of: getpid())
    XCTAssertFalse(mine.isEmpty)
    XCTAssertNotNil(mine[String(getpid())], "the main thread is a task of its own process")
    XCTAssertTrue(mine.values.allSatisfy { $0 >= 0 }, "\(mine)")
    XCTAssertTrue(RunQueueWait.threads(of: Int32.max).isEmpty)
    XCTAssertEqual(
      RunQueueWait.longest(from: ["1": 0.5, "2": 1], to: ["1": 0.75, "2": 1.125, "3": 9]), 0.25)
    XCTAssertNil(RunQueueWait.longest(from: nil, to: ["1": 1]))
  }

  func testExternalClientsAreGroupedByAddress() {
    var run = RecordedJournal()
    run.outage("redis", from: 5, to: 9, verb: "cut")
    link(&run, nil, at: 0, [(5, "closed")], client: "10.0.0.7:51000")
    link(&run, nil, at: 9.2, [(0.01, "connected"), (0.02, "exchange")], client: "10.0.0.7:51002")
    let result = run.evaluate(RecoveryChecker(service: "redis", within: 3))
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(
      result.evidence.contains { $0.hasPrefix("  wire client 10.0.0.7: first reply") }, "\(result.evidence)")
  }
}
