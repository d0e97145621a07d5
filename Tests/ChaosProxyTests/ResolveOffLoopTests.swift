import Foundation
import Synchronization
import XCTest

@testable import ChaosProxy

/// Issue 13 item 8: an API request that resolves a DNS name (getaddrinfo, blocking) does not stop
/// the links: the API has its own loop thread.
final class ResolveOffLoopTests: ProxyTestCase {
  /// Set once the proxy `redis` exists: the resolutions after it take 2 s.
  private static let slowResolution = Mutex(false)

  override var beforeResolving: (@Sendable () -> Void)? {
    { if Self.slowResolution.withLock({ $0 }) { usleep(2_000_000) } }
  }

  func testASlowNameResolutionInTheAPIDoesNotStallTheLinks() throws {
    let apiPort = try engine.serveAPI(host: "127.0.0.1", port: 0)
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    Self.slowResolution.withLock { $0 = true }
    defer { Self.slowResolution.withLock { $0 = false } }
    let created = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var status = 0
    let body = #"{"name": "slow", "listen": "127.0.0.1:0", "upstream": "localhost:\#(redis.port)"}"#
    Thread.detachNewThread {
      status = (try? TestHTTPClient.request(port: apiPort, "POST", "/proxies", body: body).status) ?? -1
      created.signal()
    }
    usleep(300_000)  // the API thread is inside the slow resolution now
    let elapsed = try measure { XCTAssertEqual(try client.command("PING"), .status("PONG")) }
    XCTAssertLessThan(elapsed, 1000, "a PING through the proxy waited for the API's name resolution")
    XCTAssertEqual(created.wait(timeout: .now() + 15), .success)
    XCTAssertEqual(status, 201)
  }
}
