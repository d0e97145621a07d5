import Foundation
import LocalServices
import Resilience
import XCTest

/// The circuit breaker (`REDIS_CIRCUIT_*`) against a real redis-server that stays down, then returns.
final class CircuitBreakerTests: RedisServerTestCase {
  private func settings(threshold: Int?, coolDown: Double = 1) throws -> ResilienceSettings {
    var values = [
      "REDIS_URL": "redis://127.0.0.1:\(server.port)/0", "REDIS_HEALTH_CHECK_INTERVAL": "30",
      "REDIS_RECONNECT_MAX_RETRIES": "10", "REDIS_RECONNECT_INITIAL_DELAY": "0.1",
      "REDIS_RECONNECT_MAX_DELAY": "0.1", "REDIS_COMMAND_TIMEOUT": "1",
      "REDIS_CIRCUIT_COOL_DOWN": String(coolDown),
    ]
    if let threshold { values["REDIS_CIRCUIT_FAILURE_THRESHOLD"] = String(threshold) }
    return try ResilienceSettings(environment: Environment(values))
  }

  func testOpensFailsFastProbesOnceAfterTheCoolDownAndClosesWhenBack() throws {
    try server.start()
    let log = RedisTestLog()
    let client = RedisClient(settings: try settings(threshold: 3), logger: log.logger)
    defer { client.close() }
    try client.connect()
    try client.set("k", "v")
    server.stop()

    // Closed: three failed attempts, then the circuit opens and the round ends with that error.
    XCTAssertThrowsError(try client.get("k")) { error in
      guard case RedisError.circuitOpen(let text) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(text.hasPrefix("Redis circuit open after 3 consecutive failed attempts"), text)
    }
    XCTAssertEqual(client.circuit?.state, .open)
    XCTAssertEqual(log.events.filter { $0.message == "reconnect.attempt" }.count, 3, log.text)
    let opened = try XCTUnwrap(log.events.first { $0.message == "circuit.opened" })
    XCTAssertEqual(opened.string("service"), "redis")
    XCTAssertEqual(opened.int("consecutive_failures"), 3)

    // Open: callers fail at once, and no attempt is made.
    let started = Date()
    for _ in 0..<5 {
      XCTAssertThrowsError(try client.get("k")) { error in
        guard case RedisError.circuitOpen = error else { return XCTFail("\(error)") }
      }
    }
    // connect() (what a worker's loop calls) makes no immediate try of its own while open either
    // (a failed immediate try would log a health check failure with `check: connect`).
    let connectChecks = { log.events.filter { $0.string("check") == "connect" }.count }
    let checksBefore = connectChecks()
    XCTAssertThrowsError(try client.connect()) { error in
      guard case RedisError.circuitOpen = error else { return XCTFail("\(error)") }
    }
    XCTAssertEqual(connectChecks(), checksBefore, "no immediate connection try while open")
    XCTAssertLessThan(Date().timeIntervalSince(started), 1.0, "fail fast: no backoff, no connect")
    XCTAssertEqual(log.events.filter { $0.message == "reconnect.attempt" }.count, 3, "no attempt while open")

    // After the cool-down, one probe; Redis is still down, so it opens again.
    Thread.sleep(forTimeInterval: 1.1)
    XCTAssertThrowsError(try client.get("k"))
    XCTAssertEqual(log.events.filter { $0.message == "reconnect.attempt" }.count, 4, "exactly one probe")
    XCTAssertEqual(
      log.messages().filter { $0.hasPrefix("circuit.") },
      ["circuit.opened", "circuit.half_open", "circuit.opened"])

    // Redis back: the next probe after the cool-down closes the circuit, and the data is there.
    try server.start()
    Thread.sleep(forTimeInterval: 1.1)
    XCTAssertEqual(try client.get("k"), "v")
    XCTAssertEqual(client.circuit?.state, .closed)
    XCTAssertEqual(log.messages().filter { $0.hasPrefix("circuit.") }.last, "circuit.closed")
  }

  func testOffByDefault() throws {
    try server.start()
    let client = RedisClient(settings: try settings(threshold: nil), logger: RedisTestLog().logger)
    defer { client.close() }
    XCTAssertNil(client.circuit)
  }

  func testSettingsOutsideTheirRangeAreRefused() {
    for (name, value) in [
      ("REDIS_CIRCUIT_FAILURE_THRESHOLD", "-1"), ("RABBITMQ_CIRCUIT_FAILURE_THRESHOLD", "10001"),
      ("REDIS_CIRCUIT_COOL_DOWN", "0"), ("RABBITMQ_CIRCUIT_COOL_DOWN", "3601"),
    ] {
      XCTAssertThrowsError(try ResilienceSettings(environment: Environment([name: value]))) { error in
        XCTAssertEqual((error as? SettingsError)?.variable, name)
      }
    }
  }
}
