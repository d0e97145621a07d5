import Foundation
import LogVocabulary
import Scenario
import XCTest

@testable import Harness

/// The journal as an append-only stream: subscribers get every line in order, each line goes to
/// disk as it happens and replays into a run, and a journal that holds only its latest lines still
/// judges `jobs`, `duplicates` and `acks` from its tallies (and says unknown for the kinds that
/// read every line).
final class EventStreamTests: XCTestCase {
  private func summary(jobs: Int) -> ScenarioSummary {
    let here = SourceLocation(file: "stream.scn", line: 1, column: 1)
    return ScenarioSummary(
      ScenarioModel(
        file: "stream.scn", name: "stream", seed: 7,
        services: [ServiceDeclaration(name: "rabbitmq", kind: .rabbitmq, location: here)],
        workers: [WorkerDeclaration(role: .consumer, count: 1, location: here)],
        workload: Workload(jobs: jobs, rate: 10)))
  }

  /// `jobs` jobs, each acked and done once by consumer#1, after a connection line.
  private func feed(_ journal: EventJournal, jobs: Int) {
    journal.record(
      line: #"{"msg":"rabbitmq.connected"}"#, instance: "consumer#1", role: "consumer", generation: 1)
    for index in 1...jobs {
      let job = String(format: "doc-%06d", index)
      journal.record(
        line: #"{"msg":"message.acked","job":"\#(job)","delivery_tag":\#(index)}"#, instance: "consumer#1",
        role: "consumer", generation: 1)
      journal.record(
        line: #"{"msg":"job.done","job":"\#(job)","duplicate":false}"#, instance: "consumer#1",
        role: "consumer", generation: 1)
    }
  }

  private func checker(_ journal: EventJournal, jobs: Int) {
    journal.update {
      $0.fed = jobs
      $0.checker = CheckerRun(
        time: 1, exitStatus: 0,
        report: PipelineReport(
          fed: jobs, done: jobs, stuck: [:], lost: 0, duplicates: 0, queues: ["consumer": 0]),
        problem: nil)
    }
  }

  func testTheAckTallyForgetsTheDeadConnectionsOfAProcessButCountsTheirDeliveries() {
    let journal = EventJournal(scenario: summary(jobs: 4), retainedEvents: 10)
    journal.markWorkloadStart()
    feed(journal, jobs: 2)
    feed(journal, jobs: 2)  // a reconnection, then tags 1 and 2 again on the new channel
    let tally = journal.snapshot().ackTally
    XCTAssertEqual(tally?.deliveries, 4)
    XCTAssertEqual(tally?.settled.count, 2, "the first connection's keys are forgotten")
    XCTAssertEqual(tally?.twice.count, 0, "the same tags on a new channel are other deliveries")
    journal.record(
      line: #"{"msg":"message.acked","job":"doc-000002","delivery_tag":2}"#, instance: "consumer#1",
      role: "consumer", generation: 1)
    XCTAssertEqual(journal.snapshot().ackTally?.twice.count, 1, "a second ack on the live channel is caught")
  }

  func testSubscribersGetThePastThenEachNewLineInOrderUntilCancelled() {
    let journal = EventJournal(scenario: summary(jobs: 3))
    journal.record(line: "first", instance: "consumer#1", role: "consumer", generation: 1)
    let seen = LockedLines()
    let subscription = journal.subscribe { seen.append($0.text) }
    journal.record(line: "second", instance: "consumer#1", role: "consumer", generation: 1)
    subscription.cancel()
    journal.record(line: "third", instance: "consumer#1", role: "consumer", generation: 1)
    XCTAssertEqual(seen.lines, ["first", "second"])
  }

  func testEveryLineGoesToDiskAndReplaysIntoTheRun() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-stream-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("run.events.jsonl").path
    let journal = EventJournal(scenario: summary(jobs: 3))
    journal.stream(to: try EventStreamFile(path: path))
    journal.record(line: "starting", instance: "consumer#1", role: "consumer", generation: 1)
    journal.markWorkloadStart()
    feed(journal, jobs: 3)
    // Written as they happen, before the run ends.
    let written = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(written.count, 8, "one line per event: start-up, connection, 3 acks, 3 done")
    checker(journal, jobs: 3)
    let results = ExpectationEvaluator.evaluate(
      [
        Expectation(
          kind: JobsDoneChecker(within: nil), location: SourceLocation(file: "s", line: 1, column: 1))
      ],
      in: journal.snapshot())
    journal.update { $0.results = results }
    let outcome = RunOutcome(status: .passed, journal: journal.snapshot(), wallTime: 2)
    journal.finishStream(outcome)

    let document = try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: path)))
    let replayed = try XCTUnwrap(document.scenarios.first)
    XCTAssertEqual(replayed.journal.events, outcome.journal.events)
    XCTAssertEqual(replayed.journal.results, results)
    XCTAssertEqual(replayed.status, "passed")
    XCTAssertLessThan(try XCTUnwrap(replayed.journal.events.first).time, 0, "start-up lines before time 0")
  }

  func testAJournalHoldingOnlyItsLatestLinesJudgesFromItsTallies() {
    let jobs = 200
    let bounded = EventJournal(scenario: summary(jobs: jobs), retainedEvents: 10)
    let full = EventJournal(scenario: summary(jobs: jobs))
    for journal in [bounded, full] {
      journal.markWorkloadStart()
      feed(journal, jobs: jobs)
      checker(journal, jobs: jobs)
    }
    let held = bounded.snapshot()
    XCTAssertLessThanOrEqual(held.events.count, 12)
    XCTAssertEqual((held.droppedEvents ?? 0) + held.events.count, 2 * jobs + 1)
    XCTAssertEqual(held.jobTally?.firstDone.count, jobs)
    XCTAssertEqual(held.ackTally?.deliveries, jobs)
    let here = SourceLocation(file: "s", line: 1, column: 1)
    let kinds: [any Checker] = [
      JobsDoneChecker(within: nil), DuplicatesChecker(maximum: 0), AcksBalancedChecker(),
    ]
    for kind in kinds {
      let fromTallies = ExpectationEvaluator.evaluate(Expectation(kind: kind, location: here), in: held)
      let fromLines = ExpectationEvaluator.evaluate(
        Expectation(kind: kind, location: here), in: full.snapshot())
      XCTAssertEqual(fromTallies.outcome, .pass, "\(kind): \(fromTallies.summary)")
      // The same judgement; the completion time differs between the two recordings.
      XCTAssertEqual(
        fromTallies.summary.split(separator: " ").prefix(3),
        fromLines.summary.split(separator: " ").prefix(3),
        "\(kind)")
      XCTAssertEqual(fromTallies.evidence.count, fromLines.evidence.count, "\(kind)")
    }
    let log = ExpectationEvaluator.evaluate(
      Expectation(kind: LogChecker(LogExpectation(pattern: .text("job.done"))), location: here), in: held)
    XCTAssertEqual(log.outcome, .unknown, "a log expectation needs every line: \(log.summary)")
    // A second completion of a job whose first line is long gone is still a duplicate.
    bounded.record(
      line: #"{"msg":"job.done","job":"doc-000001","duplicate":false}"#, instance: "consumer#1",
      role: "consumer", generation: 1)
    let duplicates = ExpectationEvaluator.evaluate(
      Expectation(kind: DuplicatesChecker(maximum: 0), location: here), in: bounded.snapshot())
    XCTAssertEqual(duplicates.outcome, .fail, duplicates.summary)
  }
}

private final class LockedLines: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []

  func append(_ line: String) {
    lock.lock()
    stored.append(line)
    lock.unlock()
  }

  var lines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
}
