import Foundation
import LocalServices
import XCTest

@testable import Resilience

/// A `connect()` that waited while another thread's reconnection round ran takes that round's
/// failure instead of starting its own, unless the round attempted nothing
/// (`REDIS_RECONNECT_MAX_RETRIES` 0: the health thread's round then only logs). Without that
/// exception the worker loop's round, which is one connection attempt, sometimes made none: the
/// proxy saw a gap of two delays where `backoff:` expected one.
final class RedisRoundSharingTests: RedisServerTestCase {
  func testAWaitingConnectMakesItsOwnAttemptAfterARoundThatAttemptedNothing() throws {
    let client = try connectedThenCut(retries: 0)
    defer { client.close() }
    let outcome = try connectDuring(client, roundEndingWith: .unavailable(attempts: 0, lastError: "reset"))
    XCTAssertNil(outcome, "connect() should have made its own attempt and connected")
    XCTAssertTrue(client.state.isConnected)
  }

  func testAWaitingConnectTakesTheFailureOfARoundThatAttempted() throws {
    let client = try connectedThenCut(retries: 3)
    defer { client.close() }
    let failure = RedisError.unavailable(attempts: 3, lastError: "reset")
    let outcome = try connectDuring(client, roundEndingWith: failure)
    XCTAssertEqual(outcome, failure, "the round's 3 attempts stand for the waiting caller's")
  }

  /// A client that connected once; Redis is then stopped so that the connection is dropped, and
  /// started again (on the same port) so that a fresh attempt would succeed.
  private func connectedThenCut(retries: Int) throws -> RedisClient {
    try server.start()
    let client = RedisClient(
      settings: try redisTestSettings(port: server.port, interval: 30, retries: retries),
      logger: RedisTestLog().logger)
    try client.connect()
    server.stop()
    XCTAssertThrowsError(try client.ping())
    try server.start()
    return client
  }

  /// Runs a round by hand as the health thread does (round open, io lock held), calls `connect()`
  /// on another thread meanwhile, then ends the round with `failure`: what `connect()` threw, or nil.
  private func connectDuring(_ client: RedisClient, roundEndingWith failure: RedisError) throws -> RedisError?
  {
    client.io.lock()
    let round = client.beginRound()
    let thrown = ThrownError()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      do { try client.connect() } catch { thrown.set(error as? RedisError) }
      done.signal()
    }
    Thread.sleep(forTimeInterval: 0.2)  // connect() has read the round in progress and waits for io
    client.endRound(round, failure: failure)
    client.io.unlock()
    XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
    return thrown.value
  }
}

/// The error another thread threw.
private final class ThrownError: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: RedisError?

  func set(_ error: RedisError?) {
    lock.lock()
    stored = error
    lock.unlock()
  }

  var value: RedisError? {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
}
