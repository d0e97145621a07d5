import Foundation
import LocalServices
import LogVocabulary
import Pipeline
import Scenario
import XCTest

@testable import Harness

/// The pipeline's workload as a command: `chaos-worker feed` run by ``WorkloadCommand`` against a
/// real redis-server, its reports read into the journal.
final class WorkloadTests: XCTestCase {
  private var directory: TemporaryDirectory!
  private var redis: RedisServer!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "chaos-test-feeder")
    redis = try RedisServer(directory: directory.path)
    try redis.start()
  }

  override func tearDown() {
    redis?.stop()
    directory?.remove()
  }

  private func feed(_ arguments: [String], journal: EventJournal) throws -> WorkloadCommand {
    let launch = WorkerLaunch(
      executable: try WorkerBinary.locate(), arguments: ["feed"] + arguments,
      environment: [
        "REDIS_URL": "redis://127.0.0.1:\(redis.port)/0", "CHAOS_KEY_PREFIX": "chaos:",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      ])
    let command = WorkloadCommand(launch: launch, display: "feed", journal: journal)
    journal.markWorkloadStart()
    try command.start()
    return command
  }

  private func waitForExit(_ command: WorkloadCommand, _ journal: EventJournal, timeout: Double)
    -> CommandExit?
  {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if command.isFinished, let exit = journal.snapshot().workloadExit { return exit }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }

  func testTheFeedCommandFillsTheInboxAtTheRateInTheSeedsOrderAndSurvivesARestart() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "f", name: "f")))
    let command = try feed(["40", "--rate", "20", "--seed", "9"], journal: journal)
    Thread.sleep(forTimeInterval: 0.5)
    try redis.restart(down: 0.5)
    let exit = try XCTUnwrap(waitForExit(command, journal, timeout: 15), "the feed did not end")
    XCTAssertEqual(exit.status, 0, "\(exit.lastLines)")
    let snapshot = journal.snapshot()
    let finished = try XCTUnwrap(snapshot.feedFinishedAt)
    XCTAssertGreaterThan(finished, 1.5, "40 documents at 20/s take about 2 s")
    XCTAssertLessThan(finished, 4)
    XCTAssertEqual(command.fed, 40)
    XCTAssertEqual(snapshot.fed, 40)
    let plan = FeedPlan(count: 40, rate: 20, seed: 9).entries.map(\.document)
    // The batches it reported, in order, are the plan; the last line says it finished.
    let reports = snapshot.events.filter { $0.instance == WorkloadCommand.instanceName }.compactMap(
      FeedReport.init)
    XCTAssertEqual(reports.filter { $0.kind == .batch }.flatMap(\.documents), plan)
    XCTAssertEqual(reports.last, FeedReport(kind: .finished, fed: 40))
    let connection = try RESPConnection(port: redis.port)
    XCTAssertEqual(try connection.command(["LLEN", "chaos:inbox"]), "40")
    XCTAssertEqual(
      try connection.command(["SCARD", "chaos:fed"]), "40", "the checker's set of fed documents")
    // RPOP takes them in the order they were pushed: the plan's order.
    var popped: [String] = []
    for _ in 0..<40 { popped.append(try connection.command(["RPOP", "chaos:inbox"])) }
    XCTAssertEqual(popped, plan)
  }

  func testSIGTERMStopsTheFeedWhichReportsWhatWentIn() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "f", name: "f")))
    let command = try feed(["1000", "--rate", "50"], journal: journal)
    Thread.sleep(forTimeInterval: 1.5)
    let stopped = Date()
    command.cancel()
    XCTAssertLessThan(Date().timeIntervalSince(stopped), 3, "it stops at once, not after the 5 s grace")
    let exit = try XCTUnwrap(waitForExit(command, journal, timeout: 10))
    XCTAssertEqual(exit.status, 0, "\(exit.lastLines)")
    let snapshot = journal.snapshot()
    let last = try XCTUnwrap(snapshot.events.last { $0.instance == WorkloadCommand.instanceName })
    XCTAssertEqual(last.message, LogEvent.workloadStopped)
    XCTAssertEqual(last["reason"]?.stringValue, "SIGTERM")
    XCTAssertNil(snapshot.feedFinishedAt, "it did not finish")
    let inbox = try XCTUnwrap(Int(RESPConnection(port: redis.port).command(["LLEN", "chaos:inbox"])))
    XCTAssertEqual(snapshot.fed, inbox, "what it reports is what went in")
    XCTAssertGreaterThan(inbox, 20)
    XCTAssertLessThan(inbox, 500)
  }

  func testBadArgumentsExit2() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "f", name: "f")))
    let command = try feed(["10", "--rate", "-1"], journal: journal)
    let exit = try XCTUnwrap(waitForExit(command, journal, timeout: 10))
    XCTAssertEqual(exit.status, 2, "\(exit.lastLines)")
    XCTAssertEqual(journal.snapshot().fed, 0)
  }

  func testRESPErrorsAreClear() throws {
    let port = try FreePort.allocate()
    XCTAssertThrowsError(try RESPConnection(port: port)) { error in
      XCTAssertTrue("\(error)".contains("connect 127.0.0.1:\(port)"), "\(error)")
    }
  }
}
