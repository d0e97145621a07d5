import LocalServices
import XCTest

@testable import ChaosProxy

/// Bytes through the proxy, with and without toxics, against a real redis-server.
final class ProxyDataTests: ProxyTestCase {
  func testTenMegabyteValueRoundTripsIntact() throws {
    let value = (0..<(10 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 12) }
    let client = try client(timeout: 30)
    XCTAssertEqual(try client.command(Array("SET".utf8), Array("big".utf8), value), .status("OK"))
    XCTAssertTrue(try client.command("GET", "big") == .bulk(value), "value differs")
    let links = try engine.links("redis")
    XCTAssertEqual(links.count, 1)
    XCTAssertGreaterThan(links[0].bytesUpstream, 10 << 20)
    XCTAssertGreaterThan(links[0].bytesDownstream, 10 << 20)
  }

  /// A reader that does not read for a while: the kernel takes part of a reply, the rest waits in
  /// the link's output, reads from redis pause above the high-water mark and resume once the
  /// reader drains it; every byte arrives in order, with and without the RESP tap.
  func testASlowReaderGetsEveryByteWithAndWithoutTap() throws {
    let value = try storeValue("slow", count: 6 << 20)
    for tap in [nil, TapProtocol.resp] {
      _ = try engine.setTap("redis", tap)
      let client = try client(timeout: 30)
      try client.socket.write(RESPClient.encode([Array("GET".utf8), Array("slow".utf8)]))
      XCTAssertTrue(
        try eventually { (try engine.links("redis").first?.bytesDownstream ?? 0) >= Link.highWater },
        "the proxy never held a high-water mark's worth of the reply")
      XCTAssertTrue(try client.reply() == .bulk(value), "value differs (tap: \(String(describing: tap)))")
      XCTAssertEqual(try client.command("PING"), .status("PONG"))
    }
    XCTAssertEqual(try engine.taps("redis").events["GET"], 1)
  }

  func testLatencyDelaysAndRemovalRestores() throws {
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    try engine.addToxic("redis", ToxicSpec(type: .latency, attributes: ["latency": 100]))
    let slow = try measure { XCTAssertEqual(try client.command("PING"), .status("PONG")) }
    XCTAssertGreaterThanOrEqual(slow, 100)
    XCTAssertLessThan(slow, 1000)
    try engine.removeToxic("redis", "latency_downstream")
    var fast = Double.infinity
    for _ in 0..<5 { fast = min(fast, try measure { _ = try client.command("PING") }) }
    XCTAssertLessThan(fast, 10)
  }

  func testBandwidthLimitsRate() throws {
    let value = try storeValue("blob", count: 500 * 1024)
    let client = try client(timeout: 20)
    try engine.addToxic("redis", ToxicSpec(type: .bandwidth, attributes: ["rate": 100]))
    let elapsed = try measure {
      XCTAssertTrue(try client.command("GET", "blob") == .bulk(value), "value differs")
    }
    // 500 KB at 100 KB/s: 5 s, never less than 15 % under (a loaded machine may add time).
    XCTAssertGreaterThan(elapsed, 5000 * 0.85)
    XCTAssertLessThan(elapsed, 5000 * 1.5)
  }

  func testUpstreamLatencyDelaysRequests() throws {
    try engine.addToxic("redis", ToxicSpec(type: .latency, stream: .upstream, attributes: ["latency": 80]))
    let client = try client()
    let slow = try measure { XCTAssertEqual(try client.command("PING"), .status("PONG")) }
    XCTAssertGreaterThanOrEqual(slow, 80)
    XCTAssertEqual(try engine.toxics("redis").first?.name, "latency_upstream")
  }

  func testManyLinksAtOnce() throws {
    let clients = try (0..<200).map { _ in try client() }
    for (index, client) in clients.enumerated() {
      XCTAssertEqual(try client.command("SET", "k\(index)", "v\(index)"), .status("OK"))
    }
    XCTAssertEqual(try engine.links("redis").count, 200)
    for (index, client) in clients.enumerated() {
      XCTAssertEqual(try client.command("GET", "k\(index)"), .bulk(Array("v\(index)".utf8)))
    }
    clients.forEach { $0.socket.close() }
    XCTAssertTrue(eventually { (try? engine.links("redis").count) == 0 })
  }

  func testResetPeerGivesConnectionReset() throws {
    try engine.addToxic("redis", ToxicSpec(type: .reset_peer, attributes: ["timeout": 0]))
    let client = try client()
    XCTAssertThrowsError(try client.command("PING")) { error in
      XCTAssertEqual(error as? TestSocket.Failure, .reset)
    }
  }

  func testResetLinksResetsOpenConnections() throws {
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    XCTAssertEqual(try engine.resetLinks("redis"), 1)
    XCTAssertThrowsError(try client.command("PING")) { error in
      XCTAssertEqual(error as? TestSocket.Failure, .reset)
    }
  }

  func testTimeoutZeroHangsUntilRemoved() throws {
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    try engine.addToxic("redis", ToxicSpec(type: .timeout, attributes: ["timeout": 0]))
    client.socket.setTimeout(0.5)
    try client.socket.write(RESPClient.encode([Array("PING".utf8)]))
    XCTAssertThrowsError(try client.socket.read()) { error in
      XCTAssertEqual(error as? TestSocket.Failure, .timedOut)
    }
    try engine.removeToxic("redis", "timeout_downstream")
    client.socket.setTimeout(5)
    XCTAssertThrowsError(try client.socket.read()) { error in
      XCTAssertEqual(error as? TestSocket.Failure, .closed)
    }
  }

  func testTimeoutWithDelayClosesTheLink() throws {
    try engine.addToxic("redis", ToxicSpec(type: .timeout, attributes: ["timeout": 200]))
    let client = try client()
    try client.socket.write(RESPClient.encode([Array("PING".utf8)]))
    let elapsed = try measure {
      XCTAssertThrowsError(try client.socket.read()) { XCTAssertEqual($0 as? TestSocket.Failure, .closed) }
    }
    XCTAssertGreaterThanOrEqual(elapsed, 150)
  }

  func testSlicerDeliversInManyReadsIntact() throws {
    let value = try storeValue("sliced", count: 32 * 1024)
    try engine.addToxic(
      "redis",
      ToxicSpec(type: .slicer, attributes: ["average_size": 512, "size_variation": 256, "delay": 5000]))
    let client = try client()
    XCTAssertTrue(try client.command("GET", "sliced") == .bulk(value), "value differs")
    XCTAssertGreaterThan(client.reads, 10)
  }

  func testLimitDataClosesAfterTheByteCount() throws {
    _ = try storeValue("limited", count: 1000)
    try engine.addToxic("redis", ToxicSpec(type: .limit_data, attributes: ["bytes": 100]))
    let client = try client()
    try client.socket.write(RESPClient.encode([Array("GET".utf8), Array("limited".utf8)]))
    let (received, end) = client.socket.readToEnd()
    XCTAssertEqual(received.count, 100)
    XCTAssertEqual(end, .closed)
  }

  /// Issue 13 item 8: `bytes: 0` closes at the first byte, as Toxiproxy does (it passed everything).
  func testLimitDataZeroClosesAtTheFirstByte() throws {
    _ = try storeValue("limited", count: 1000)
    try engine.addToxic("redis", ToxicSpec(type: .limit_data, attributes: ["bytes": 0]))
    let client = try client()
    try client.socket.write(RESPClient.encode([Array("GET".utf8), Array("limited".utf8)]))
    let (received, end) = client.socket.readToEnd()
    XCTAssertEqual(received.count, 0)
    XCTAssertEqual(end, .closed)
  }

  func testSlowCloseDelaysTheClose() throws {
    try engine.addToxic("redis", ToxicSpec(type: .slow_close, stream: .upstream, attributes: ["delay": 300]))
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    shutdown(client.socket.fd, Int32(SHUT_WR))
    let elapsed = measure { _ = client.socket.readToEnd() }
    XCTAssertGreaterThanOrEqual(elapsed, 250)
  }

  func testDisablingRefusesAndDropsThenEnablingAccepts() throws {
    let open = try client()
    XCTAssertEqual(try open.command("PING"), .status("PONG"))
    try engine.updateProxy("redis", enabled: false)
    XCTAssertThrowsError(try open.command("PING"))
    XCTAssertThrowsError(try TestSocket(port: proxyPort)) { error in
      XCTAssertEqual(error as? TestSocket.Failure, .connect(ECONNREFUSED))
    }
    let status = try engine.updateProxy("redis", enabled: true)
    XCTAssertEqual(status.listenPort, proxyPort)
    XCTAssertEqual(try client().command("PING"), .status("PONG"))
  }

  func testToxicAppliesToOpenLinksAndExpiresAfterDuration() throws {
    let client = try client()
    XCTAssertEqual(try client.command("PING"), .status("PONG"))
    try engine.addToxic("redis", ToxicSpec(type: .latency, attributes: ["latency": 60], durationMs: 400))
    let slow = try measure { _ = try client.command("PING") }
    XCTAssertGreaterThanOrEqual(slow, 60)
    XCTAssertTrue(eventually { (try? engine.toxics("redis"))?.isEmpty == true })
    let fast = try measure { _ = try client.command("PING") }
    XCTAssertLessThan(fast, 50)
  }

  func testToxicityZeroLeavesConnectionsAlone() throws {
    try engine.addToxic("redis", ToxicSpec(type: .timeout, toxicity: 0, attributes: ["timeout": 0]))
    XCTAssertEqual(try client().command("PING"), .status("PONG"))
  }

  func testUnreachableUpstreamClosesClientAndCounts() throws {
    let port = try FreePort.allocate()
    try engine.createProxy(ProxySpec(name: "nowhere", upstream: "127.0.0.1:\(port)"))
    let listen = try XCTUnwrap(engine.proxy("nowhere")).listenPort
    let socket = try TestSocket(port: listen)
    let (_, end) = socket.readToEnd()
    XCTAssertTrue(end == .closed || end == .reset)
    XCTAssertTrue(eventually { (try? engine.failedConnects("nowhere")) == 1 })
    XCTAssertEqual(engine.proxy("nowhere")?.failedConnects, 1)
    XCTAssertEqual(engine.proxy("nowhere")?.acceptedLinks, 1)
    XCTAssertEqual(try engine.links("nowhere").count, 0)
  }

  func testDiagnosticsGoToTheHandlerInsteadOfStderr() throws {
    let lines = DiagnosticLines()
    engine.setDiagnostics { lines.append($0) }
    let port = try FreePort.allocate()
    try engine.createProxy(ProxySpec(name: "nowhere", upstream: "127.0.0.1:\(port)"))
    let listen = try XCTUnwrap(engine.proxy("nowhere")).listenPort
    for _ in 0..<2 { _ = try TestSocket(port: listen).readToEnd() }
    XCTAssertTrue(eventually { lines.all.count == 2 }, "\(lines.all)")
    XCTAssertTrue(
      lines.all[0].hasPrefix(
        "chaos proxy nowhere: upstream 127.0.0.1:\(port) unreachable, closed 127.0.0.1:"),
      lines.all[0])
    engine.setDiagnostics(nil)
  }

  func testListenAddressInUseIsAClearError() throws {
    XCTAssertThrowsError(
      try engine.createProxy(
        ProxySpec(name: "clash", listen: "127.0.0.1:\(proxyPort)", upstream: "127.0.0.1:1"))
    ) { error in
      XCTAssertEqual(error as? ProxyError, .addressInUse("127.0.0.1:\(proxyPort)"))
    }
    XCTAssertNil(engine.proxy("clash"))
  }
}

/// Diagnostic lines collected from the loop thread.
final class DiagnosticLines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  func append(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    lines.append(line)
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }
}
