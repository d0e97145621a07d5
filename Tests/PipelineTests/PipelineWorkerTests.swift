import Foundation
import LocalServices
import Logging
import Pipeline
import Resilience
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// The four real workers against a real redis-server and RabbitMQ node (booted once for the class;
/// each test has its own key prefix, hence its own queues).
final class PipelineWorkerTests: PipelineStackTestCase {
  func testFiveHundredDocumentsFlowThroughAllFourWorkersExactlyOnce() throws {
    let stack = try requireStack()
    let prefix = "t-plain:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try stack.feed(500, prefix: prefix)
    let started = Date()
    try fleet.startAll()
    let report = try stack.waitUntilClean(500, prefix: prefix, timeout: 90)
    let seconds = Date().timeIntervalSince(started)
    print(
      "500 jobs through the pipeline in \(String(format: "%.2f", seconds)) s (\(Int(500 / seconds)) jobs/s)")
    XCTAssertTrue(report.isClean, "\(report)")
    XCTAssertEqual(report.done, 500)
    XCTAssertEqual(report.duplicates, 0)
    XCTAssertEqual(fleet.count("job.done", role: "consumer"), 500)
  }

  func testRedisAndRabbitMQRestartedDuringTheRunLoseNothing() throws {
    let stack = try requireStack()
    let prefix = "t-restart:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix, extra: ["WORK_DELAY_MS": "10"]))
    defer { fleet.stopAll() }
    try stack.feed(500, prefix: prefix)
    try fleet.startAll()
    try waitFor(timeout: 30) { fleet.count("job.done") >= 50 }
    try stack.redis.restart(down: 1.5)
    try waitFor(timeout: 30) { fleet.count("Redis reconnection successful") >= 4 }
    try waitFor(timeout: 30) { fleet.count("job.done") >= 200 }
    try stack.rabbit.restart(down: 1)
    let report = try stack.waitUntilClean(500, prefix: prefix, timeout: 120)
    XCTAssertTrue(report.isClean, "\(report)")
    XCTAssertEqual(report.duplicates, 0)
    XCTAssertEqual(report.lost, 0)
    let messages = fleet.messages()
    for line in [
      "Redis health check failed", "Starting Redis reconnection...", "Redis reconnection successful",
      "RabbitMQ connection lost, reconnecting...", "RabbitMQ reconnection successful",
    ] {
      XCTAssertTrue(messages.contains(line), "no worker logged '\(line)'")
    }
    let downloader = fleet.messages("downloader")
    if let failed = downloader.firstIndex(of: "Redis health check failed"),
      let started = downloader.firstIndex(of: "Starting Redis reconnection..."),
      let succeeded = downloader.firstIndex(of: "Redis reconnection successful")
    {
      XCTAssertLessThan(failed, started)
      XCTAssertLessThan(started, succeeded)
    } else {
      XCTFail("the downloader did not log the three Redis reconnection lines")
    }
  }

  func testDownloaderKilledHoldingUnackedMessagesEveryJobStillDoneOnce() throws {
    let stack = try requireStack()
    let prefix = "t-kill:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try stack.feed(100, prefix: prefix)
    for role in ["scanner", "translator", "consumer"] { try fleet.start(role) }
    let slow = try fleet.start("downloader", extra: ["WORK_DELAY_MS": "300", "PREFETCH": "10"])
    try waitFor(timeout: 30) { fleet.count("message.acked", role: "downloader") >= 3 }
    slow.send(SIGKILL)
    XCTAssertNotNil(slow.wait(timeout: 5))
    try fleet.start("downloader")
    let report = try stack.waitUntilClean(100, prefix: prefix, timeout: 60)
    XCTAssertTrue(report.isClean, "\(report)")
    XCTAssertEqual(report.duplicates, 0)
    let redelivered = fleet.log("downloader").filter { $0.contains("\"redelivered\":true") }
    XCTAssertFalse(redelivered.isEmpty, "the killed downloader's unacked messages must come back redelivered")
  }

  func testSigtermDuringLoadExitsZeroWithinFiveSecondsAndLosesNothing() throws {
    let stack = try requireStack()
    let prefix = "t-term:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try stack.feed(200, prefix: prefix)
    for role in ["scanner", "translator", "consumer"] { try fleet.start(role) }
    let busy = try fleet.start("downloader", extra: ["WORK_DELAY_MS": "50"])
    try waitFor(timeout: 30) { fleet.count("message.acked", role: "downloader") >= 10 }
    let signalled = Date()
    busy.send(SIGTERM)
    let status = busy.wait(timeout: 10)
    let took = Date().timeIntervalSince(signalled)
    XCTAssertEqual(status, 0)
    XCTAssertLessThan(took, 5, "graceful shutdown took \(took) s")
    let steps = fleet.messages("downloader")
    for step in ["worker.stopping", "Stopping consumption", "worker.disconnecting", "worker.stopped"] {
      XCTAssertTrue(steps.contains(step), "shutdown step '\(step)' not logged")
    }
    try fleet.start("downloader")
    let report = try stack.waitUntilClean(200, prefix: prefix, timeout: 60)
    XCTAssertTrue(report.isClean, "\(report)")
  }

  func testCheckerReportsADeletedJobAsLostAndADoubledCompletionAsDuplicate() throws {
    let stack = try requireStack()
    let prefix = "t-check:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try stack.feed(20, prefix: prefix)
    try fleet.startAll()
    XCTAssertTrue(try stack.waitUntilClean(20, prefix: prefix, timeout: 60).isClean)
    let settings = try stack.settings(prefix: prefix)
    let redis = RedisClient(settings: settings.resilience, logger: Logger(label: "test"))
    defer { redis.close() }
    try redis.connect()
    _ = try redis.del(settings.keys.job(DocumentID.make(3)))
    _ = try redis.hincrby(settings.keys.completions, DocumentID.make(7))
    let report = try stack.check(20, prefix: prefix)
    XCTAssertEqual(report.lost, 1)
    XCTAssertEqual(report.duplicates, 1)
    XCTAssertEqual(report.examples["lost"], [DocumentID.make(3)])
    XCTAssertEqual(report.examples["duplicates"], [DocumentID.make(7)])
    XCTAssertFalse(report.isClean)
  }
}

/// A ``waitFor(timeout:file:line:_:)`` that ran out: the test fails (a skip would hide it).
struct WaitTimedOut: Error {
  let seconds: Double
}

/// Polls `condition` every 50 ms; fails the test when it is still false after `timeout` seconds.
func waitFor(timeout: Double, file: StaticString = #filePath, line: UInt = #line, _ condition: () -> Bool)
  throws
{
  let deadline = Date().addingTimeInterval(timeout)
  while !condition() {
    if Date() > deadline {
      XCTFail("condition not met within \(timeout) s", file: file, line: line)
      throw WaitTimedOut(seconds: timeout)
    }
    usleep(50_000)
  }
}
