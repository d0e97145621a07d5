import Foundation
import LocalServices
import ProcessLifecycle
import Scenario
import XCTest

@testable import Harness

/// The runner end to end on real servers (no workers until `chaos-worker` exists): exit codes,
/// teardown with nothing left behind, the temp dir removed or kept.
final class ScenarioRunnerTests: XCTestCase {
  private let here = SourceLocation(file: "runner.scn", line: 4, column: 3)

  private func redisOnly(timeline: [TimelineStep], deadline: Double = 60) -> ScenarioModel {
    ScenarioModel(
      file: "runner.scn", name: "runner", seed: 3, deadline: deadline,
      services: [ServiceDeclaration(name: "redis", kind: .redis, location: here)], timeline: timeline,
      expectations: [Expectation(kind: NoCrashChecker(), location: here)])
  }

  func testARunRestartsTheServiceDecidesAndLeavesNothingBehind() throws {
    let output = Lines()
    let model = redisOnly(timeline: [
      TimelineStep(
        trigger: .at(0.2), action: StepAction(RestartFault(service: "redis", down: 0.3)), location: here)
    ])
    let outcome = ScenarioRunner.run(
      model, options: RunOptions(console: Console(interactive: false) { output.append($0) }))
    XCTAssertEqual(outcome.status, .passed, output.lines.joined())
    XCTAssertEqual(outcome.exitCode, 0)
    let directory = try XCTUnwrap(outcome.journal.directory)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "temp dir removed")
    XCTAssertTrue(output.lines.contains { $0.contains("restart redis (down 300ms)") }, output.lines.joined())
    XCTAssertTrue(output.lines.contains { $0.hasPrefix(" ✔ no crash") }, output.lines.joined())
    XCTAssertNotNil(outcome.journal.phases["boot"])
    let effect = try XCTUnwrap(outcome.journal.timeline.first?.effect)
    XCTAssertTrue(effect.hasPrefix("redis down at 0.2s, answering again at "), effect)
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [], "children left")
  }

  func testKeepKeepsTheTempDir() throws {
    let outcome = ScenarioRunner.run(redisOnly(timeline: []), options: RunOptions(keep: true))
    let directory = try XCTUnwrap(outcome.keptDirectory)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/redis/redis.log"))
  }

  func testAnInterruptedRunStopsEverythingAndSaysSo() throws {
    let interrupt = StopFlag()
    let model = redisOnly(timeline: [
      TimelineStep(trigger: .at(30), action: StepAction(StopFault(service: "redis")), location: here)
    ])
    DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) { interrupt.set("SIGINT") }
    let started = Date()
    let outcome = ScenarioRunner.run(model, options: RunOptions(interrupt: interrupt))
    XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    XCTAssertEqual(outcome.exitCode, 2)
    XCTAssertEqual(outcome.status, .couldNotRun("interrupted by SIGINT"))
    XCTAssertEqual(outcome.journal.interrupted, "SIGINT")
    XCTAssertFalse(FileManager.default.fileExists(atPath: try XCTUnwrap(outcome.journal.directory)))
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [])
  }

  func testTheDeadlineEndsTheRun() {
    let model = redisOnly(
      timeline: [
        TimelineStep(trigger: .at(30), action: StepAction(StopFault(service: "redis")), location: here)
      ], deadline: 2
    )
    let outcome = ScenarioRunner.run(model)
    XCTAssertEqual(outcome.status, .failed, "no crash still holds, but a step that never fired fails the run")
    XCTAssertNil(outcome.journal.timeline[0].startedAt)
    XCTAssertEqual(
      outcome.journal.results.filter { !$0.passed }.map { String($0.summary.prefix(31)) },
      ["never fired: the run ended at 2"])
    XCTAssertTrue(outcome.journal.interrupted?.hasPrefix("deadline") == true)
  }

  func testWhatThisHarnessCannotRunExitsTwoBeforeStartingAnything() {
    var model = redisOnly(timeline: [
      TimelineStep(
        trigger: .afterProtocol(count: 20, event: .deliveries, proxy: "rabbitmq"),
        action: StepAction(ResetFault(proxy: "rabbitmq")),
        location: SourceLocation(file: "runner.scn", line: 12, column: 5))
    ])
    model.proxies = [ProxyDeclaration(name: "rabbitmq", service: "rabbitmq", location: here)]
    let outcome = ScenarioRunner.run(model)
    XCTAssertEqual(outcome.exitCode, 2)
    guard case .couldNotRun(let reason) = outcome.status else { return XCTFail("\(outcome.status)") }
    XCTAssertFalse(reason.contains("runner.scn:12:5"), "protocol triggers are supported: \(reason)")
    XCTAssertTrue(reason.contains("proxy rabbitmq is in front of rabbitmq, which is not a service"), reason)
    XCTAssertTrue(reason.contains("proxies need the ChaosProxy engine"), reason)
    XCTAssertNil(outcome.journal.directory, "nothing was started")
  }

  func testAMissingWorkerBinaryIsExitTwo() {
    var model = redisOnly(timeline: [])
    model.services.append(ServiceDeclaration(name: "rabbitmq", kind: .rabbitmq, location: here))
    model.workers = [WorkerDeclaration(role: .scanner, count: 1, location: here)]
    let outcome = ScenarioRunner.run(model, options: RunOptions(workerBinary: "/nonexistent/chaos-worker"))
    XCTAssertEqual(outcome.exitCode, 2)
    guard case .couldNotRun(let reason) = outcome.status else { return XCTFail("\(outcome.status)") }
    XCTAssertTrue(reason.contains("/nonexistent/chaos-worker is not an executable file"), reason)
  }
}
