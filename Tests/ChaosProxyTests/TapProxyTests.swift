import LocalServices
import XCTest

@testable import ChaosProxy

/// Taps on real Redis traffic through the proxy: counts, the API, and protocol triggers.
final class TapProxyTests: ProxyTestCase {
  override func setUpWithError() throws {
    try super.setUpWithError()
    try engine.setTap("redis", .resp)
  }

  func testCountsCommandsAndReplies() throws {
    let client = try client()
    for index in 0..<10 { XCTAssertEqual(try client.command("SET", "k\(index)", "v"), .status("OK")) }
    XCTAssertEqual(try client.command("GET", "k1"), .bulk(Array("v".utf8)))
    if case .error = try client.command("NOSUCHCOMMAND") {} else { XCTFail("expected an error reply") }
    XCTAssertTrue(try engine.waitForTap("redis", event: "SET", count: 10, timeout: 1))
    XCTAssertFalse(try engine.waitForTap("redis", event: "SET", count: 11, timeout: 0.05))
    let report = try engine.taps("redis")
    XCTAssertEqual(report.events["SET"], 10)
    XCTAssertEqual(report.events["GET"], 1)
    XCTAssertEqual(report.replies, 11)
    XCTAssertEqual(report.errors, 1)
    XCTAssertEqual(try engine.links("redis").first?.tap?.events["SET"], 10)
    client.socket.close()
    XCTAssertTrue(eventually { (try? engine.links("redis").count) == 0 })
    XCTAssertEqual(try engine.taps("redis").events["SET"], 10)
  }

  /// Live pipelined traffic (any split of the stream, many commands per read): every request
  /// redis-benchmark sends and every reply it gets is counted.
  func testRedisBenchmarkTrafficIsCountedExactly() throws {
    let benchmark = try ChildProcess(
      name: "redis-benchmark", executable: "redis-benchmark",
      arguments: [
        "-p", String(proxyPort), "-n", "2000", "-c", "4", "-P", "7", "-t", "set,get", "-d", "100", "-q",
      ],
      output: .discard)
    XCTAssertEqual(benchmark.wait(timeout: 30), 0)
    XCTAssertTrue(eventually { (try? engine.links("redis").count) == 0 })
    let report = try engine.taps("redis")
    // With -P 7 the last pipelines overshoot -n a little.
    XCTAssertTrue((2000...2030).contains(report.events["SET"] ?? 0), "\(report.events)")
    XCTAssertTrue((2000...2030).contains(report.events["GET"] ?? 0), "\(report.events)")
    let requests = report.events.filter { $0.key.uppercased() == $0.key }.values.reduce(0, +)
    XCTAssertEqual(report.replies + report.errors, requests)
    XCTAssertTrue(report.stopped.isEmpty, "\(report.stopped)")
  }

  func testTriggerResetsAfterTheNthCommand() throws {
    try engine.addToxic(
      "redis",
      ToxicSpec(
        type: .reset_peer, attributes: ["timeout": 0], trigger: ToxicTrigger(event: "SET", count: 5)))
    let client = try client()
    for index in 0..<4 { XCTAssertEqual(try client.command("SET", "k\(index)", "v"), .status("OK")) }
    var failure: Error?
    for index in 4..<8 {
      do { _ = try client.command("SET", "k\(index)", "v") } catch {
        failure = error
        break
      }
      usleep(20_000)
    }
    XCTAssertEqual(failure as? TestSocket.Failure, .reset)
    // A new link starts its own count.
    XCTAssertEqual(try self.client().command("SET", "again", "v"), .status("OK"))
  }

  func testMatchDelaysOnlyOneCommandsReplies() throws {
    try engine.addToxic(
      "redis", ToxicSpec(type: .latency, attributes: ["latency": 150], match: "get"))
    let client = try client()
    XCTAssertEqual(try client.command("SET", "k", "v"), .status("OK"))
    var fast = Double.infinity
    for _ in 0..<3 { fast = min(fast, try measure { _ = try client.command("PING") }) }
    XCTAssertLessThan(fast, 50)
    let slow = try measure { XCTAssertEqual(try client.command("GET", "k"), .bulk(Array("v".utf8))) }
    XCTAssertGreaterThanOrEqual(slow, 150)
    fast = .infinity
    for _ in 0..<3 { fast = min(fast, try measure { _ = try client.command("PING") }) }
    XCTAssertLessThan(fast, 50)
    XCTAssertEqual(try engine.toxics("redis").first?.match, "GET")
  }

  func testTapsEndpointAndTapSwitch() throws {
    let api = try engine.serveAPI(port: 0)
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    let response = try TestHTTPClient.request(port: api, "GET", "/proxies/redis/taps")
    XCTAssertEqual(response.status, 200)
    let body = try XCTUnwrap(response.json() as? [String: Any])
    XCTAssertEqual(((body["total"] as? [String: Any])?["events"] as? [String: Int])?["PING"], 1)
    XCTAssertEqual((body["links"] as? [Any])?.count, 1)
    XCTAssertEqual(
      try TestHTTPClient.request(port: api, "PATCH", "/proxies/redis", body: #"{"tap":"off"}"#).status, 200)
    XCTAssertNil(engine.proxy("redis")?.tap)
    XCTAssertEqual(
      try TestHTTPClient.request(port: api, "PATCH", "/proxies/redis", body: #"{"tap":"x"}"#).status, 400)
    let trigger = #"{"type":"timeout","trigger":{"event":"SET","count":0}}"#
    XCTAssertEqual(
      try TestHTTPClient.request(port: api, "POST", "/proxies/redis/toxics", body: trigger).status, 400)
    // The tap is off now: triggers and matches are refused with a reason.
    let untapped = #"{"type":"latency","match":"GET"}"#
    let refused = try TestHTTPClient.request(port: api, "POST", "/proxies/redis/toxics", body: untapped)
    XCTAssertEqual(refused.status, 400)
    XCTAssertTrue(refused.text.contains("tap"))
  }

  func testWrongProtocolStopsTheTapButBytesPass() throws {
    try engine.setTap("redis", .amqp)
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    XCTAssertFalse(try engine.taps("redis").stopped.isEmpty)
  }
}
