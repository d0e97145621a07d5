import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// A system that is not ours, driven whole by the ScenarioRunner: a Python worker (redis-py,
/// plain-text logs) started as a command worker through a Redis proxy, a workload command and a
/// check command, with placeholders, a `ready:` regex, a plain-text `after:` trigger and a worker
/// kill by name. Real redis-server, real proxy.
final class BringYourOwnScenarioTests: XCTestCase {
  static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fixtures/\(name)")
      .path
  }

  private func run(_ model: ScenarioModel, workerBinary: String? = nil) -> (RunOutcome, String) {
    let output = Lines()
    var options = RunOptions(
      workerBinary: workerBinary,
      faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) },
      console: Console(interactive: false) { output.append($0) })
    options.commandReadyTimeout = 30
    let outcome = ScenarioRunner.run(model, options: options)
    for result in outcome.journal.results {
      print("\(result.passed ? "held" : "FAILED") \(result.expectation): \(result.summary)")
      for line in result.evidence { print("    \(line)") }
    }
    return (outcome, output.lines.joined())
  }

  func testAPythonWorkerFedAndJudgedByCommandsPasses() throws {
    try MissingTool.require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3")
    let model = try ScenarioParser.parse(contentsOf: Self.fixture("byo-python/byo-python.scn"))
    let (outcome, console) = run(model)
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, console)

    // Plain-text lines are events of the named instances, with the whole line as their text.
    let processed = journal.events.filter { $0.matchText.contains("processed job") }
    XCTAssertGreaterThanOrEqual(processed.count, 60)
    XCTAssertTrue(processed.allSatisfy { $0.fields == nil && $0.role == "py" }, "\(processed.prefix(3))")
    XCTAssertEqual(Set(processed.map(\.instance)).isSubset(of: ["py.1", "py.2"]), true)
    // The workload command ran with its placeholders resolved, and its exit is recorded.
    let exit = try XCTUnwrap(journal.workloadExit)
    XCTAssertEqual(exit.status, 0)
    let port = try XCTUnwrap(journal.endpoints["redis"]?.split(separator: ":").last)
    XCTAssertTrue(exit.lastLines.contains("fed-at \(port)"), "\(exit.lastLines)")
    // The verdict came from the check command.
    let verdict = try XCTUnwrap(journal.verdict)
    XCTAssertEqual(verdict.exitStatus, 0)
    XCTAssertEqual(verdict.expected, 60)
    XCTAssertEqual(verdict.lost, [])
    // Both steps fired on plain-text lines; the kill made a new process of py.2 only.
    XCTAssertEqual(journal.timeline.count, 2)
    XCTAssertTrue(
      journal.timeline.allSatisfy { $0.startedAt != nil && $0.error == nil }, "\(journal.timeline)")
    let kills = journal.exits.filter { $0.requestedSignal == "SIGKILL" }
    XCTAssertEqual(kills.map(\.instance), ["py.2"])
    XCTAssertTrue(journal.events.contains { $0.instance == "py.2" && $0.generation == 2 })
    // The graceful stop at the end: SIGTERM, exit 0.
    let stops = journal.exits.filter { $0.requestedSignal == "SIGTERM" }
    XCTAssertEqual(Set(stops.map(\.instance)), ["py.1", "py.2"])
    XCTAssertTrue(stops.allSatisfy { $0.status == 0 }, "\(stops)")
  }

  func testAPikaConsumerFedByThePublisherIsJudgedByTheTapAlone() throws {
    try MissingTool.require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3")
    let model = try ScenarioParser.parse(contentsOf: Self.fixture("byo-amqp/byo-amqp.scn"))
    let (outcome, console) = run(model, workerBinary: try WorkerBinary.locate())
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, console)
    // The publisher ran as the workload command and published every message through the proxy.
    XCTAssertEqual(journal.workloadExit?.status, 0)
    let tap = try XCTUnwrap(journal.taps["rabbitmq"])
    XCTAssertEqual(tap.publishes, 40)
    XCTAssertGreaterThanOrEqual(tap.deliveries, 40)
    XCTAssertEqual(tap.ackedTwice, 0)
    // No worker logged an ack: the tap alone judged, and the result says so.
    XCTAssertFalse(journal.events.contains { $0.message == "message.acked" })
    let balanced = try XCTUnwrap(journal.results.first { $0.expectation == "acks: balanced" })
    XCTAssertTrue(balanced.passed)
    XCTAssertTrue(balanced.summary.contains("judged by the proxy tap alone"), balanced.summary)
    // The kill hit consumer.1 only.
    XCTAssertEqual(journal.exits.filter { $0.requestedSignal == "SIGKILL" }.map(\.instance), ["consumer.1"])
  }

  func testWithoutACheckJobsLostAndDuplicatesAreUnknown() throws {
    var model = try ScenarioParser.parse(contentsOf: Self.fixture("byo-python/byo-python.scn"))
    model.check = nil
    model.timeline = []
    model.deadline = 3
    let (outcome, console) = run(model)
    XCTAssertEqual(outcome.status, .failed, console)
    for name in ["jobs: all done within 40s", "lost: 0", "duplicates: 0"] {
      let result = try XCTUnwrap(outcome.journal.results.first { $0.expectation == name }, name)
      XCTAssertFalse(result.passed)
      XCTAssertEqual(result.outcome, .unknown, name)
      XCTAssertTrue(result.summary.hasPrefix("no verdict"), result.summary)
    }
    XCTAssertTrue(console.contains(" ? lost: 0"), console)
  }

  func testAnExternalWorkerIsFollowedAndKilledThroughItsCommands() throws {
    let model = try ScenarioParser.parse(contentsOf: Self.fixture("byo-external/byo-external.scn"))
    let (outcome, console) = run(model)
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, console)
    XCTAssertTrue(journal.events.contains { $0.instance == "remote.1" && $0.text == "tick 6" })
    let step = try XCTUnwrap(journal.timeline.first)
    XCTAssertNotNil(step.startedAt)
    XCTAssertNil(step.error)
    XCTAssertEqual(journal.errors, [], "the kill command ran with its placeholder resolved")
    XCTAssertEqual(journal.verdict?.exitStatus, 0)
  }

  func testTheHTMLReportHasALanePerCommandWorkerInstance() throws {
    try MissingTool.require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3")
    var model = try ScenarioParser.parse(contentsOf: Self.fixture("byo-python/byo-python.scn"))
    model.timeline = []
    let (outcome, console) = run(model)
    XCTAssertEqual(outcome.status, .failed, "no cut: the 'connection lost' line is missing\n\(console)")
    let lanes = ReportLanes(outcome.journal)
    XCTAssertEqual(lanes.workers.map(\.instance), ["py.1", "py.2", "workload"])
  }

  /// `chaos-worker check --verdict` is one implementation of the check contract: given as the
  /// scenario's `check:` for the built-in workers, `jobs`, `lost` and `duplicates` read its verdict;
  /// without `check:` it is the built-in workers' default check (the pipeline report rides along).
  func testChaosWorkerCheckIsACheckCommandForTheBuiltInWorkers() throws {
    let binary = try WorkerBinary.locate()
    var model = try ScenarioParser.parse(
      text: """
        name: builtin-verdict
        deadline: 60s
        services: { redis: redis, rabbitmq: rabbitmq }
        workers: { scanner: 1, downloader: 1, translator: 1, consumer: 1 }
        workload: { jobs: 20, rate: 40/s }
        expect:
          - jobs: all done
          - lost: 0
          - duplicates: 0
        """, file: "builtin-verdict.scn")
    let environment = [
      "REDIS_URL": "redis://{service.redis}/0", "RABBITMQ_URL": "amqp://guest:guest@{service.rabbitmq}/%2F",
      "CHAOS_KEY_PREFIX": "{run.prefix}",
    ]
    model.check = VerdictCheck(
      command: ProcessCommand(
        arguments: [binary, "check", "--expect", "20", "--verdict"], environment: environment,
        location: SourceLocation(file: "builtin-verdict.scn", line: 1, column: 1)),
      every: 1, location: SourceLocation(file: "builtin-verdict.scn", line: 1, column: 1))
    let (outcome, console) = run(model, workerBinary: binary)
    XCTAssertEqual(outcome.status, .passed, console)
    let verdict = try XCTUnwrap(outcome.journal.verdict)
    XCTAssertEqual(verdict.exitStatus, 0)
    XCTAssertEqual(verdict.expected, 20)
    XCTAssertEqual(verdict.done, 20)
    XCTAssertEqual(verdict.lost, [])
    XCTAssertEqual(verdict.duplicates, [])
    XCTAssertTrue(
      outcome.journal.results.allSatisfy { $0.witness == "verdict" }, "\(outcome.journal.results)")
  }
}
