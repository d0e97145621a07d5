import Foundation
import Scenario
import WorkerMetrics
import XCTest

@testable import Harness

/// A journal that holds only its latest records (a soak) judges `log:`, `recovery:`, `backoff:`
/// and `metric:` by replaying its event stream on disk, keeping only what each checker declares it
/// reads: the verdicts equal those of the journal that kept everything. Link events and scrapes go
/// to the stream like worker lines, and replay into the run.
final class StreamReplayTests: XCTestCase {
  private let here = SourceLocation(file: "recorded.scn", line: 20, column: 5)

  private func temporaryFile(_ name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "chaos-replay-\(getpid())-\(name)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory.appendingPathComponent("run.events.jsonl").path
  }

  /// downloader#1 works (a `job.done` every 0.1 s for 30 s), Redis is cut from 5 s to 9 s: it logs
  /// the trouble, four `reconnect.attempt`s on the 0.3 s ×2 schedule and the reconnection at 9.8 s;
  /// the proxy sees its link closed, three refused attempts and the first reply on a new link at
  /// 9.4 s; its `/metrics` counts the reconnection from the 10 s scrape on.
  private func outageRun() -> RecordedJournal {
    var run = RecordedJournal(settings: [
      "REDIS_RECONNECT_INITIAL_DELAY": "0.3", "REDIS_RECONNECT_MAX_DELAY": "3",
    ])
    run.outage("redis", from: 5, to: 9, verb: "cut")
    run.event(-1, "scanner#1", "worker.started")
    var lines: [(Double, String, String, [String: Any])] = (0..<300).map { index in
      (Double(index) / 10 + 0.05, "info", "job.done", ["job": String(format: "doc-%06d", index)])
    }
    lines.append((5.2, "warning", "Redis health check failed", ["component": "redis"]))
    for (attempt, time, delay) in [(1, 5.5, 0.3), (2, 6.1, 0.6), (3, 7.3, 1.2), (4, 9.7, 2.4)] {
      lines.append(
        (time, "info", "reconnect.attempt", ["service": "redis", "attempt": attempt, "delay_s": delay]))
    }
    lines.append((9.8, "info", "Redis reconnection successful", ["service": "redis"]))
    for (time, level, message, fields) in lines.sorted(by: { $0.0 < $1.0 }) {
      run.event(time, "downloader#1", message, level: level, fields)
    }
    var link = 0
    func links(at time: Double, _ kinds: [(Double, String)]) {
      link += 1
      for (offset, kind) in [(0.0, "accepted")] + kinds {
        run.journal.links =
          (run.journal.links ?? []) + [
            LinkRecord(
              time: time + offset, proxy: "redis", service: "redis", link: link, kind: kind,
              client: "127.0.0.1:40000", instance: "downloader#1", generation: 1, pid: 100,
              detail: kind == "exchange" ? "reply" : nil)
          ]
      }
    }
    links(at: 0, [(0.1, "connected"), (0.2, "exchange"), (5, "closed")])
    links(at: 5.3, [(0, "connect-failed")])
    links(at: 5.9, [(0, "connect-failed")])
    links(at: 7.1, [(0, "connect-failed")])
    links(at: 9.39, [(0.005, "connected"), (0.01, "exchange")])
    run.journal.metrics = (0...60).map { index in
      let time = Double(index) / 2
      return MetricScrape(
        time: time, source: "downloader#1", pid: 100,
        samples: [
          PrometheusSample(name: "jobs_done_total", value: Double(index * 5)),
          PrometheusSample(
            name: "reconnect_success_total", labels: ["service": "redis"], value: time >= 10 ? 1 : 0),
        ])
    }
    return run
  }

  private var expectations: [Expectation] {
    let kinds: [any Checker] = [
      LogChecker(
        LogExpectation(
          pattern: .text("Redis reconnection successful"), from: "downloader",
          count: CountComparison(.equal, 1),
          after: .message(.text("Redis health check failed")))),
      LogChecker(LogExpectation(pattern: .text("job.done"), count: CountComparison(.equal, 300))),
      LogChecker(LogExpectation(pattern: .text("Redis connection lost"), from: "downloader")),
      RecoveryChecker(service: "redis", within: 3),
      RecoveryChecker(service: "redis", within: 0.3),
      BackoffChecker(service: "redis", tolerance: 0.1),
      MetricChecker(
        MetricExpectation(
          selector: MetricSelector(name: "reconnect_success_total", labels: ["service": "redis"]))),
      MetricChecker(MetricExpectation(selector: MetricSelector(name: "reconnect_success_total"), within: 8)),
    ]
    return kinds.map { Expectation(kind: $0, location: here) }
  }

  /// The full run's records written to a stream, and the journal holding only the latest of each kind.
  private func heldOnlyLatest(_ full: RunJournal, stream path: String) throws -> RunJournal {
    let file = try EventStreamFile(path: path)
    full.events.forEach(file.write)
    (full.links ?? []).forEach(file.write)
    (full.metrics ?? []).forEach(file.write)
    var held = full
    held.events = Array(full.events.suffix(10))
    held.links = Array((full.links ?? []).suffix(2))
    held.metrics = Array((full.metrics ?? []).suffix(2))
    held.droppedEvents = full.events.count - 10
    held.droppedLinks = (full.links ?? []).count - 2
    held.droppedScrapes = (full.metrics ?? []).count - 2
    return held
  }

  func testAReplayOfTheStreamJudgesLikeTheJournalThatKeptEverything() throws {
    let full = outageRun().journal
    let path = try temporaryFile("judges")
    let held = try heldOnlyLatest(full, stream: path)
    let expected = ExpectationEvaluator.evaluate(expectations, in: full)
    XCTAssertEqual(
      expected.map(\.outcome), [.pass, .pass, .fail, .pass, .fail, .pass, .pass, .fail],
      expected.map(\.summary).joined(separator: "\n"))
    let replayed = ExpectationEvaluator.evaluate(expectations, in: held, stream: path)
    for (live, replay) in zip(expected, replayed) {
      XCTAssertEqual(replay.outcome, live.outcome, live.expectation)
      XCTAssertEqual(replay.summary, live.summary, live.expectation)
      XCTAssertEqual(replay.witness, live.witness, live.expectation)
      let note = try XCTUnwrap(replay.evidence.last)
      XCTAssertTrue(note.hasPrefix("judged on a replay of the event stream on disk"), note)
      if !live.expectation.hasPrefix("metric") {
        // A metric replay keeps only the scrapes that change a value: fewer points, same verdict.
        XCTAssertEqual(Array(replay.evidence.dropLast()), live.evidence, live.expectation)
      }
    }
    // Each checker kept what it reads, not the run: recovery its trouble, first success and links.
    let recovery = try XCTUnwrap(replayed[3].evidence.last)
    XCTAssertTrue(recovery.contains("records kept"), recovery)
    let kept = try XCTUnwrap(Int(recovery.split(separator: ":")[1].split(separator: " ")[0]))
    XCTAssertLessThan(kept, 30, recovery)

    let unknown = ExpectationEvaluator.evaluate(expectations, in: held)
    XCTAssertEqual(
      unknown.map(\.outcome),
      [.unknown, .unknown, .unknown, .unknown, .unknown, .unknown, .unknown, .unknown],
      "without the stream the held records cannot judge")
    let dropped =
      "\(full.events.count - 10) worker lines, \((full.links ?? []).count - 2) link events, "
      + "\((full.metrics ?? []).count - 2) scrapes"
    XCTAssertTrue(unknown[3].summary.contains(dropped), unknown[3].summary)
  }

  func testLinksAndScrapesGoToTheStreamAndReplayIntoTheRun() throws {
    let path = try temporaryFile("links")
    let model = ScenarioModel(
      file: "stream.scn", name: "stream",
      expectations: [
        Expectation(
          kind: MetricChecker(MetricExpectation(selector: MetricSelector(name: "reconnect_success_total"))),
          location: here)
      ])
    let journal = EventJournal(scenario: ScenarioSummary(model), retainedEvents: 10)
    journal.stream(to: try EventStreamFile(path: path))
    let scrape = { (time: Double) in
      MetricScrape(
        time: time, source: "consumer#1", pid: 7,
        samples: [
          PrometheusSample(name: "reconnect_success_total", value: 1),
          PrometheusSample(name: "process_open_fds", value: 12),
        ])
    }
    journal.record(scrape: scrape(0))
    journal.markWorkloadStart()
    for index in 0..<100 {
      journal.record(
        link: LinkRecord(
          time: Double(index), proxy: "redis", service: "redis", link: index, kind: "accepted",
          client: "127.0.0.1:40000"))
      journal.record(scrape: scrape(Double(index)))
    }
    let held = journal.snapshot()
    XCTAssertLessThanOrEqual(held.links?.count ?? 0, 12, "a soak holds only the latest link events")
    XCTAssertEqual((held.droppedLinks ?? 0) + (held.links?.count ?? 0), 100)
    XCTAssertLessThanOrEqual(held.metrics?.count ?? 0, 12, "and the latest scrapes")
    XCTAssertEqual((held.droppedScrapes ?? 0) + (held.metrics?.count ?? 0), 101)
    XCTAssertEqual(
      held.metrics?.last?.samples.map(\.name), ["reconnect_success_total"],
      "held with the selected samples only")
    XCTAssertEqual(held.metricNames, ["reconnect_success_total", "process_open_fds"])

    journal.finishStream(RunOutcome(status: .passed, journal: held, wallTime: 1))
    let replayed = try XCTUnwrap(
      try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: path))).scenarios.first)
    XCTAssertEqual(replayed.journal.links?.map(\.link), Array(0..<100))
    XCTAssertEqual(replayed.journal.metrics?.count, 101)
    XCTAssertEqual(replayed.journal.metrics?.last?.samples.count, 2, "the stream has every sample")
    XCTAssertLessThan(try XCTUnwrap(replayed.journal.metrics?.first).time, 0, "the scrape before the start")
    XCTAssertNil(replayed.journal.droppedLinks)
    XCTAssertFalse(replayed.journal.holdsOnlyLatest)
  }
}
