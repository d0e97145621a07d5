import Foundation
import LocalServices
import ProcessLifecycle
import Scenario
import XCTest

@testable import Harness

/// Whole scenarios with the real workers (`chaos-worker`, built next to the tests), real
/// redis-server and RabbitMQ: the runner passes a healthy pipeline through a Redis restart and
/// fails one whose consumer never acks.
final class PipelineScenarioTests: XCTestCase {
  private func workerBinary() throws -> String {
    do {
      return try WorkerBinary.locate()
    } catch {
      throw MissingTool.error("chaos-worker is not built next to the tests: \(error)")
    }
  }

  private func run(_ text: String, file: String) throws -> (RunOutcome, String) {
    let model = try ScenarioParser.parse(text: text, file: file)
    let output = Lines()
    let options = RunOptions(
      workerBinary: try workerBinary(), console: Console(interactive: false) { output.append($0) })
    let outcome = ScenarioRunner.run(model, options: options)
    return (outcome, output.lines.joined())
  }

  func testARedisRestartUnderLoadPassesEveryExpectation() throws {
    let (outcome, console) = try run(
      """
      name: restart-under-load
      seed: 11
      deadline: 60s
      services: { redis: redis, rabbitmq: rabbitmq }
      workers: { scanner: 1, downloader: 2, translator: 1, consumer: 1 }
      settings:
        REDIS_HEALTH_CHECK_INTERVAL: 1
        REDIS_RECONNECT_INITIAL_DELAY: 0.2
        REDIS_RECONNECT_MAX_DELAY: 1
        REDIS_RECONNECT_MAX_RETRIES: 30
        RABBITMQ_HEALTH_CHECK_INTERVAL: 1
      workload: { jobs: 80, rate: 20/s }
      timeline:
        - at: 1s
          restart: redis
          down: 1500ms
      expect:
        - jobs: all done
          within: 30s
        - duplicates: 0
        - lost: 0
        - acks: balanced
        - log: Redis health check failed
          before: Redis reconnection successful
        - recovery: redis
          within: 3s
        - backoff: redis
        - no crash

      """, file: "restart-under-load.scn")
    XCTAssertEqual(outcome.status, .passed, console)
    XCTAssertEqual(outcome.journal.results.count, 8)
    XCTAssertEqual(outcome.journal.checker?.report?.done, 80)
    XCTAssertFalse(FileManager.default.fileExists(atPath: try XCTUnwrap(outcome.journal.directory)))
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [])
    print("restart-under-load: \(outcome.wallTime) s, phases \(outcome.journal.phases)")
  }

  func testAConsumerThatNeverAcksFailsTheRun() throws {
    let (outcome, console) = try run(
      """
      name: never-acks
      seed: 7
      deadline: 12s
      services: { redis: redis, rabbitmq: rabbitmq }
      workers:
        scanner: 1
        downloader: 1
        translator: 1
        consumer: { count: 1, env: { CHAOS_BROKEN: no-ack } }
      workload: { jobs: 20, rate: 20/s }
      expect:
        - jobs: all done
          within: 10s
        - acks: balanced
        - log: a line no worker ever writes
        - no crash

      """, file: "never-acks.scn")
    XCTAssertEqual(outcome.status, .failed, console)
    XCTAssertEqual(outcome.exitCode, 1)
    let verdicts = Dictionary(uniqueKeysWithValues: outcome.journal.results.map { ($0.expectation, $0) })
    XCTAssertEqual(verdicts["jobs: all done within 10s"]?.passed, false)
    XCTAssertEqual(verdicts["acks: balanced"]?.passed, false)
    XCTAssertTrue(verdicts["acks: balanced"]?.summary.contains("chaos:consumer has") == true, console)
    XCTAssertEqual(verdicts["log: a line no worker ever writes"]?.summary, "0 matching lines, expected >= 1")
    XCTAssertEqual(verdicts["no crash"]?.passed, true, "the workers still stop cleanly")
  }

  func testAnInterruptMidScenarioStopsWorkersAndServers() throws {
    let model = try ScenarioParser.parse(
      text: """
        name: interrupted
        deadline: 60s
        services: { redis: redis, rabbitmq: rabbitmq }
        workers: { scanner: 1, downloader: 1, translator: 1, consumer: 1 }
        workload: { jobs: 400, rate: 10/s }
        expect:
          - no crash

        """, file: "interrupted.scn")
    let interrupt = StopFlag()
    let pids = PidList()
    let output = Lines()
    let console = Console(interactive: false) { text in
      output.append(text)
      // Once the workload runs, note every child that exists and interrupt.
      if text.contains("fed") && text.contains("done") && pids.all.isEmpty {
        pids.set(ChildRegistry.shared.running.map(\.pid))
        interrupt.set("SIGINT")
      }
    }
    let outcome = ScenarioRunner.run(
      model, options: RunOptions(workerBinary: try workerBinary(), interrupt: interrupt, console: console))
    XCTAssertEqual(outcome.status, .couldNotRun("interrupted by SIGINT"), output.lines.joined())
    XCTAssertGreaterThanOrEqual(pids.all.count, 7, "4 workers, redis-server, beam, epmd")
    XCTAssertEqual(ProcessProbe.survivors(pids.all), [])
    XCTAssertNil(outcome.journal.checker, "no check after an interrupt")
    XCTAssertFalse(FileManager.default.fileExists(atPath: try XCTUnwrap(outcome.journal.directory)))
  }
}

/// Process ids noted from another thread.
final class PidList: @unchecked Sendable {
  private let lock = NSLock()
  private var pids: [Int32] = []

  func set(_ list: [Int32]) {
    lock.lock()
    defer { lock.unlock() }
    pids = list
  }

  var all: [Int32] {
    lock.lock()
    defer { lock.unlock() }
    return pids
  }
}
