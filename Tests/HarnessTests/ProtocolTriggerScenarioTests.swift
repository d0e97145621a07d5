import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// A whole scenario with a protocol trigger, the real workers, redis-server, RabbitMQ and the
/// in-process proxy with its AMQP tap: `after: 20 deliveries on rabbitmq` + `reset: rabbitmq`.
final class ProtocolTriggerScenarioTests: XCTestCase {
  private static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fixtures/\(name)")
      .path
  }

  /// Runs a fixture with the real workers and the in-process proxy; prints every verdict.
  private func run(_ name: String) throws -> (RunOutcome, String) {
    let binary: String
    do {
      binary = try WorkerBinary.locate()
    } catch {
      throw MissingTool.error("chaos-worker is not built next to the tests: \(error)")
    }
    let model = try ScenarioParser.parse(contentsOf: Self.fixture(name))
    let output = Lines()
    let options = RunOptions(
      workerBinary: binary, faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) },
      console: Console(interactive: false) { output.append($0) })
    let outcome = ScenarioRunner.run(model, options: options)
    for result in outcome.journal.results {
      print("\(result.passed ? "held" : "FAILED") \(result.expectation): \(result.summary)")
      for line in result.evidence { print("    \(line)") }
    }
    return (outcome, output.lines.joined())
  }

  func testAResetAfterTwentyDeliveriesPassesWithBothWitnesses() throws {
    let (outcome, console) = try run("in-flight-reset.scn")
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, console)

    let step = try XCTUnwrap(journal.timeline.first)
    XCTAssertEqual(step.trigger, "after 20 deliveries on rabbitmq")
    XCTAssertNil(step.error)
    XCTAssertNotNil(step.startedAt, "the step fired")
    XCTAssertGreaterThanOrEqual(try XCTUnwrap(step.tapCount), 20)
    XCTAssertTrue(console.contains("reset rabbitmq"), console)

    let tap = try XCTUnwrap(journal.taps["rabbitmq"])
    XCTAssertEqual(tap.tap, "amqp")
    XCTAssertGreaterThanOrEqual(tap.publishes, 60, "every stage publishes")
    XCTAssertGreaterThanOrEqual(
      tap.deliveries, 60 * 3, "downloader, translator and consumer each take every job")
    XCTAssertEqual(tap.ackedTwice, 0)
    XCTAssertEqual(tap.ackedUnknown, 0)
    XCTAssertEqual(tap.unacked, 0)
    let balanced = try XCTUnwrap(journal.results.first { $0.expectation == "acks: balanced" })
    XCTAssertTrue(balanced.summary.contains("logs and proxy tap agree"), balanced.summary)
    XCTAssertTrue(
      balanced.evidence.contains { $0.hasPrefix("tap rabbitmq at ") }, "\(balanced.evidence)")
    print(
      "in-flight-reset: \(outcome.wallTime) s, fired at \(step.startedAt ?? -1) s with \(step.tapCount ?? -1) "
        + "deliveries; tap: \(tap.deliveries) deliveries (\(tap.redeliveries) redelivered), \(tap.acks) acks, "
        + "\(tap.unackedAtClose) unacked at close; \(journal.proxyLog.count) proxy diagnostics")
  }

  /// The suite's in-flight-crash case: a downloader SIGKILLed right after the 20th delivery.
  func testAWorkerKilledAfterTwentyDeliveriesPassesWithBothWitnesses() throws {
    let (outcome, console) = try run("in-flight-crash.scn")
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, console)
    let step = try XCTUnwrap(journal.timeline.first)
    XCTAssertGreaterThanOrEqual(try XCTUnwrap(step.tapCount), 20)
    XCTAssertTrue(journal.exits.contains { $0.requestedSignal == "SIGKILL" }, "\(journal.exits)")
    let tap = try XCTUnwrap(journal.taps["rabbitmq"])
    XCTAssertEqual(tap.ackedTwice + tap.ackedUnknown + tap.unacked, 0)
    print(
      "in-flight-crash: \(outcome.wallTime) s, fired at \(step.startedAt ?? -1) s with \(step.tapCount ?? -1) "
        + "deliveries; tap: \(tap.deliveries) deliveries (\(tap.redeliveries) redelivered), \(tap.acks) acks, "
        + "\(tap.unackedAtClose) unacked at close")
  }

  /// A consumer that sends every ack twice but logs it once: the logs balance, the proxy does not.
  func testAnAckSentTwiceIsCaughtByTheProxyAlone() throws {
    let binary: String
    do {
      binary = try WorkerBinary.locate()
    } catch {
      throw MissingTool.error("chaos-worker is not built next to the tests: \(error)")
    }
    let model = try ScenarioParser.parse(
      text: """
        name: ack-twice
        seed: 3
        deadline: 40s
        services: { redis: redis, rabbitmq: rabbitmq }
        proxies:
          rabbitmq: { to: rabbitmq }
        workers:
          scanner: 1
          downloader: 1
          translator: 1
          consumer: { count: 1, env: { CHAOS_BROKEN: ack-twice } }
        settings:
          RABBITMQ_RECONNECT_INITIAL_DELAY: 0.2
          RABBITMQ_RECONNECT_MAX_DELAY: 0.5
          RABBITMQ_RECONNECT_MAX_RETRIES: 100
        workload: { jobs: 10, rate: 20/s }
        expect:
          - acks: balanced

        """, file: "ack-twice.scn")
    let output = Lines()
    let outcome = ScenarioRunner.run(
      model,
      options: RunOptions(
        workerBinary: binary,
        faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) },
        console: Console(interactive: false) { output.append($0) }))
    let balanced = try XCTUnwrap(outcome.journal.results.first, output.lines.joined())
    print(balanced.summary)
    for line in balanced.evidence { print("    \(line)") }
    XCTAssertEqual(outcome.status, .failed, output.lines.joined())
    XCTAssertTrue(balanced.summary.contains("settlements of a delivery already settled"), balanced.summary)
    XCTAssertFalse(
      balanced.summary.contains("acked or nacked more than once"), "the logs alone look balanced")
    XCTAssertTrue(balanced.evidence.contains("0 deliveries settled more than once"), "\(balanced.evidence)")
    XCTAssertGreaterThan(try XCTUnwrap(outcome.journal.taps["rabbitmq"]).ackedTwice, 0)
  }
}
