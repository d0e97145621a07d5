import Foundation
import LocalServices
import Resilience
import XCTest

/// The reconnection contract against a real redis-server that is stopped, restarted and stalled.
final class RedisClientRecoveryTests: RedisServerTestCase {
  /// Redis down for 2 s and back (same port, AOF): the seed's lines in order, data kept.
  func testRestartLogsTheSeedLinesInOrderAndKeepsData() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 0.5), logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("before", "kept")
    try client.hset("job:7", ["phase": "downloaded"])

    try server.restart(down: 2)
    XCTAssertTrue(log.waitFor("Redis reconnection successful", timeout: 10), log.text)

    XCTAssertEqual(try client.get("before"), "kept")
    XCTAssertEqual(try client.hgetall("job:7"), ["phase": "downloaded"])
    let seed = log.messages().filter {
      ["Redis health check failed", "Starting Redis reconnection...", "Redis reconnection successful"]
        .contains($0)
    }
    XCTAssertEqual(
      seed, ["Redis health check failed", "Starting Redis reconnection...", "Redis reconnection successful"],
      log.text)
    let check = try XCTUnwrap(log.events.first { $0.message == "Redis health check failed" })
    XCTAssertEqual(check.string("level"), "warning")
    XCTAssertEqual(check.string("component"), "redis")
    XCTAssertEqual(check.string("worker"), "test")
    XCTAssertNotNil(check.string("error"))
    let attempts = log.events.filter { $0.message == "reconnect.attempt" }
    XCTAssertGreaterThanOrEqual(attempts.count, 2, "Redis was down for 2 s")
    for (index, attempt) in attempts.enumerated() {
      XCTAssertEqual(attempt.string("service"), "redis")
      XCTAssertEqual(attempt.int("attempt"), index + 1)
      XCTAssertEqual(attempt.double("delay_s"), Backoff(initial: 0.2, maximum: 1).delay(attempt: index))
      XCTAssertEqual(attempt.int("max_retries"), 10)
    }
    let success = try XCTUnwrap(log.events.first { $0.message == "Redis reconnection successful" })
    XCTAssertEqual(success.int("attempts"), attempts.count)
    XCTAssertEqual(client.state.phase, .connected)
    XCTAssertEqual(client.state.reconnections, 1)
  }

  /// Max retries 3 and Redis gone: failure after exactly 3 attempts, on the configured schedule.
  func testGivesUpAfterMaxRetriesOnTheConfiguredSchedule() throws {
    try server.start()
    let log = RedisTestLog()
    let settings = try redisTestSettings(port: server.port, interval: 30, retries: 3)
    let client = RedisClient(settings: settings, logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("k", "v")
    server.stop()

    let started = Date()
    XCTAssertThrowsError(try client.get("k")) { error in
      guard case RedisError.unavailable(3, _) = error else { return XCTFail("\(error)") }
    }
    let elapsed = Date().timeIntervalSince(started)
    XCTAssertEqual(client.state.phase, .failed)
    XCTAssertGreaterThan(client.state.consecutiveFailures, 3)

    let events = log.events
    let start = try XCTUnwrap(events.firstIndex { $0.message == "Starting Redis reconnection..." })
    let end = try XCTUnwrap(events.firstIndex { $0.message == "Redis reconnection failed" })
    let attempts = events[start..<end].filter { $0.message == "reconnect.attempt" }
    XCTAssertEqual(attempts.map { $0.int("attempt") }, [1, 2, 3], log.text)
    XCTAssertEqual(attempts.map { $0.double("delay_s") }, [0.2, 0.4, 0.8])
    XCTAssertEqual(events[end].int("attempts"), 3)
    XCTAssertEqual(events[end].string("level"), "error")
    let times = [events[start].time] + attempts.map(\.time)
    for (index, expected) in [0.2, 0.4, 0.8].enumerated() {
      let measured = times[index + 1].timeIntervalSince(times[index])
      XCTAssertEqual(measured, expected, accuracy: expected * 0.2, "gap before attempt \(index + 1)")
      print("attempt \(index + 1): configured \(expected) s, measured \(measured) s")
    }
    XCTAssertLessThan(elapsed, 2.5, "0.2 + 0.4 + 0.8 s of waiting")
  }

  /// A worker can start while Redis is down: connect(waitForever:) waits past max retries.
  func testClientStartedWhileRedisIsDownConnectsWhenItComesUp() throws {
    let log = RedisTestLog()
    let settings = try redisTestSettings(port: server.port, interval: 0.5, retries: 2)
    let client = RedisClient(settings: settings, logger: log.logger)
    defer { client.close() }

    XCTAssertThrowsError(try client.connect()) { error in
      guard case RedisError.unavailable(2, _) = error else { return XCTFail("\(error)") }
    }

    let connected = DispatchSemaphore(value: 0)
    let outcome = Outcome()
    Thread.detachNewThread {
      do {
        try client.connect(waitForever: true)
        outcome.set("connected")
      } catch {
        outcome.set("\(error)")
      }
      connected.signal()
    }
    // Attempts after 0.2, 0.6, 1.4 and 2.4 s: Redis is back for the fourth.
    Thread.sleep(forTimeInterval: 1.6)
    XCTAssertNil(outcome.value, "still waiting while Redis is down")
    try server.start()
    XCTAssertEqual(connected.wait(timeout: .now() + 5), .success, log.text)
    XCTAssertEqual(outcome.value, "connected")
    try client.set("up", "yes")
    XCTAssertEqual(try client.get("up"), "yes")

    let events = log.events
    let lastRound = try XCTUnwrap(events.lastIndex { $0.message == "Starting Redis reconnection..." })
    let attempts = events[lastRound...].filter { $0.message == "reconnect.attempt" }
    XCTAssertGreaterThanOrEqual(attempts.count, 4, "more attempts than max retries (2)")
    for (index, attempt) in attempts.enumerated() {
      XCTAssertEqual(attempt.double("delay_s"), Backoff(initial: 0.2, maximum: 1).delay(attempt: index))
    }
    XCTAssertEqual(attempts.last?.double("delay_s"), 1, "capped at the maximum delay")
    XCTAssertEqual(
      events.last { $0.message == "redis.connected" }?.string("url"), settings.redisURL.description)
    XCTAssertTrue(log.messages().contains("Redis reconnection successful"))
  }

  /// A server stalled by DEBUG SLEEP: the command times out quickly with a clear error, then the
  /// client recovers once the server answers again.
  func testStalledServerTimesOutAndTheClientRecovers() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30, commandTimeout: 0.5),
      logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("k", "v")

    let staller = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30, commandTimeout: 10),
      logger: RedisTestLog().logger)
    defer { staller.close() }
    try staller.connect()
    let stallDone = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      _ = try? staller.raw(["DEBUG", "SLEEP", 3])
      stallDone.signal()
    }
    Thread.sleep(forTimeInterval: 0.2)

    let started = Date()
    XCTAssertThrowsError(try client.get("k")) { error in
      XCTAssertEqual(error as? RedisError, .timeout(command: "GET", seconds: 0.5))
      XCTAssertEqual("\(error)", "Redis GET timed out after 0.5 s")
    }
    let waited = Date().timeIntervalSince(started)
    XCTAssertLessThan(waited, 1.2, "timed out instead of hanging")
    print("GET against a stalled server failed after \(waited) s")
    let failed = try XCTUnwrap(log.events.first { $0.message == "redis.command.failed" })
    XCTAssertEqual(failed.string("command"), "GET")
    XCTAssertEqual(failed.string("error"), "timeout")

    XCTAssertEqual(try client.get("k"), "v", "recovers once the server answers")
    let recovered = Date().timeIntervalSince(started)
    XCTAssertEqual(client.state.phase, .connected)
    XCTAssertEqual(stallDone.wait(timeout: .now() + 5), .success)
    print("recovered \(recovered) s after the stalled GET began")
  }

  /// More than `quickCheckAfter` seconds since the last exchange: a PING first, which finds the
  /// restarted server's closed connection and reconnects before the operation is sent.
  func testStaleConnectionIsPingedBeforeTheNextOperation() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30), logger: log.logger,
      quickCheckAfter: 0.1)
    defer { client.close() }
    try client.connect()
    try client.set("k", "v")
    try server.restart()
    Thread.sleep(forTimeInterval: 0.2)
    XCTAssertEqual(try client.get("k"), "v")
    let check = try XCTUnwrap(log.events.first { $0.message == "Redis health check failed" }, log.text)
    XCTAssertEqual(check.string("check"), "ping")
    XCTAssertFalse(
      log.messages().contains("redis.command.failed"), "the dead connection was found by the PING")
    XCTAssertEqual(log.events.last { $0.message == "Redis reconnection successful" }?.int("attempts"), 1)
  }

  /// A recent exchange means no PING: the operation itself fails on the dead connection, the
  /// client reconnects and sends it once more.
  func testOperationOnADeadConnectionReconnectsAndIsRetriedOnce() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30), logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("k", "v")
    try server.restart()
    XCTAssertEqual(try client.get("k"), "v")
    let messages = log.messages()
    XCTAssertEqual(
      Array(messages.drop { $0 != "redis.command.failed" }.prefix(5)),
      [
        "redis.command.failed", "Redis health check failed", "Starting Redis reconnection...",
        "reconnect.attempt", "Redis reconnection successful",
      ], log.text)
    XCTAssertEqual(log.events.first { $0.message == "Redis health check failed" }?.string("check"), "command")
    XCTAssertEqual(log.events.first { $0.message == "redis.command.failed" }?.string("command"), "GET")
  }

  /// Callers arriving during a reconnection wait for it instead of starting their own.
  func testConcurrentCallersShareOneReconnection() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30), logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("shared", "value")
    server.stop()

    let group = DispatchGroup()
    let results = Outcome()
    for _ in 0..<4 {
      group.enter()
      Thread.detachNewThread {
        do {
          results.append(try client.get("shared") ?? "nil")
        } catch {
          results.append("\(error)")
        }
        group.leave()
      }
    }
    Thread.sleep(forTimeInterval: 1)
    try server.start()
    XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
    XCTAssertEqual(results.all, ["value", "value", "value", "value"])
    XCTAssertEqual(log.messages().filter { $0 == "Starting Redis reconnection..." }.count, 1, log.text)
    XCTAssertEqual(client.state.reconnections, 1)
  }
}

/// A value written by another thread.
private final class Outcome: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String] = []

  func set(_ value: String) { append(value) }

  func append(_ value: String) {
    lock.lock()
    values.append(value)
    lock.unlock()
  }

  var value: String? {
    lock.lock()
    defer { lock.unlock() }
    return values.last
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return values
  }
}
