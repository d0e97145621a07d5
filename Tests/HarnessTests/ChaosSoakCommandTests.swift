import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// `chaos soak` and `chaos report` refusing bad input with exit 2 and a clear message, and
/// `chaos report` rendering a saved journal.
final class ChaosSoakCommandTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().path

  private func run(_ arguments: [String]) throws -> (status: Int32?, output: String) {
    let output = OutputLines()
    let child = try ChildProcess(
      name: "chaos", executable: try ChaosExecutable.locate(), arguments: arguments,
      workingDirectory: Self.repository, output: .lines { output.append($0) })
    let status = child.wait(timeout: 30) ?? child.terminate(grace: 1)
    usleep(100_000)
    return (status, output.text)
  }

  func testASoakNeedsASoakSectionAndADuration() throws {
    let plain = try run(["soak", "scenarios/redis-restart.scn", "--duration", "1m"])
    XCTAssertEqual(plain.status, 2)
    XCTAssertTrue(plain.output.contains("no 'soak:' section"), plain.output)
    let badDuration = try run(["soak", "scenarios/soak/soak.scn", "--duration", "soon"])
    XCTAssertEqual(badDuration.status, 2)
    XCTAssertTrue(
      badDuration.output.contains("--duration must be a duration like 90s or 10m"), badDuration.output)
    let missing = try run(["soak", "scenarios/nope.scn", "--duration", "1m"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(
      missing.output.contains("scenarios/nope.scn:1:1: error: the file does not exist"), missing.output)
  }

  func testChaosRunRefusesASoakFile() throws {
    let result = try run(["run", "scenarios/soak/soak.scn"])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.output.contains("run it with `chaos soak FILE --duration 10m`"), result.output)
  }

  func testReportRendersASavedJournal() throws {
    let work = try TemporaryDirectory(prefix: "chaos-test-report")
    defer { work.remove() }
    let journal = HTMLReportTests.journal()
    try JournalFile.encode([RunOutcome(status: .failed, journal: journal, wallTime: 41)])
      .write(to: URL(fileURLWithPath: work.file("run.json")))
    let result = try run(["report", work.file("run.json"), "--out", work.file("run.html")])
    XCTAssertEqual(result.status, 0, result.output)
    let html = try String(contentsOfFile: work.file("run.html"), encoding: .utf8)
    XCTAssertEqual(html, HTMLReport.render([RunOutcome(status: .failed, journal: journal, wallTime: 41)]))

    try "not json".write(toFile: work.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = try run(["report", work.file("bad.json"), "--out", work.file("bad.html")])
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.output.contains("is not a chaos journal"), bad.output)
  }

  /// `--judge` decides the expectations again from an event stream read back, beside the
  /// verdicts the run recorded: the same, then one recorded differently (exit 1).
  func testReportJudgesAStreamAgain() throws {
    let work = try TemporaryDirectory(prefix: "chaos-test-judge")
    defer { work.remove() }
    try """
    name: judged
    services: { redis: redis, rabbitmq: rabbitmq }
    workers: { downloader: 1 }
    expect:
      - log: Redis reconnection successful
        from: downloader

    """.write(toFile: work.file("judged.scn"), atomically: true, encoding: .utf8)
    var run = RecordedJournal()
    run.journal.scenario.file = work.file("judged.scn")
    run.event(5, "downloader#1", "Redis reconnection successful", ["service": "redis"])
    let model = try ScenarioParser.parse(contentsOf: work.file("judged.scn"))
    run.journal.results = ExpectationEvaluator.evaluate(model.expectations, in: run.journal)
    XCTAssertEqual(run.journal.results.map(\.outcome), [.pass])
    func stream(_ journal: RunJournal, to name: String) throws {
      let file = try EventStreamFile(path: work.file(name))
      journal.events.forEach(file.write)
      file.finish(RunOutcome(status: .passed, journal: journal, wallTime: 1))
    }
    try stream(run.journal, to: "same.events.jsonl")
    let same = try self.run(["report", work.file("same.events.jsonl"), "--judge"])
    XCTAssertEqual(same.status, 0, same.output)
    XCTAssertTrue(
      same.output.contains("same pass: log: Redis reconnection successful from downloader"), same.output)
    run.journal.results[0].outcome = .fail
    try stream(run.journal, to: "differs.events.jsonl")
    let differs = try self.run(["report", work.file("differs.events.jsonl"), "--judge"])
    XCTAssertEqual(differs.status, 1, differs.output)
    XCTAssertTrue(differs.output.contains("DIFFERS pass: log"), differs.output)
    XCTAssertTrue(differs.output.contains("recorded fail:"), differs.output)
  }

  func testReportRefusesNoOutputAndNoJudge() throws {
    let none = try run(["report", "run.json"])
    XCTAssertEqual(none.status, 2, none.output)
    XCTAssertTrue(none.output.contains("give --out FILE.html, --judge, or both"), none.output)
  }
}
