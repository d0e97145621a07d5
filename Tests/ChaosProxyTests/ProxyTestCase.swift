import LocalServices
import XCTest

@testable import ChaosProxy

/// A private redis-server, a proxy engine and one proxy `redis` in front of it, per test.
class ProxyTestCase: XCTestCase {
  var directory: TemporaryDirectory!
  var redis: RedisServer!
  var engine: ProxyEngine!
  var proxyPort: UInt16 = 0
  /// Loop threads of the engine (`ProxyEngine(threads:)`); a subclass may ask for more.
  var loopThreads: Int { 1 }
  /// Run before each name resolution of the engine (`ProxyEngine(seed:threads:beforeResolving:)`).
  var beforeResolving: (@Sendable () -> Void)? { nil }

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "chaos-proxy-test")
    redis = try RedisServer(directory: directory.path)
    try redis.start()
    engine = try ProxyEngine(seed: 7, threads: loopThreads, beforeResolving: beforeResolving)
    let status = try engine.createProxy(
      ProxySpec(name: "redis", listen: "127.0.0.1:0", upstream: "127.0.0.1:\(redis.port)"))
    proxyPort = status.listenPort
  }

  override func tearDown() {
    engine?.shutdown()
    redis?.stop()
    directory?.remove()
  }

  func client(timeout: Double = 10) throws -> RESPClient {
    try RESPClient(port: proxyPort, timeout: timeout)
  }

  /// Milliseconds taken by `body`.
  func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start) * 1000
  }

  /// Stores `count` bytes under `key` directly in redis (not through the proxy).
  func storeValue(_ key: String, count: Int) throws -> [UInt8] {
    let value = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    let direct = try RESPClient(port: redis.port)
    XCTAssertEqual(try direct.command(Array("SET".utf8), Array(key.utf8), value), .status("OK"))
    return value
  }

  /// Waits until `condition` holds (polling), up to `timeout` seconds.
  func eventually(timeout: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if try condition() { return true }
      usleep(10_000)
    }
    return try condition()
  }
}
