import XCTest

@testable import ChaosProxy

/// Link events on real Redis traffic: accept, upstream connect, first reply, close; a failed
/// upstream; attempts recorded (and reset) while the proxy is cut.
final class LinkEventTests: ProxyTestCase {
  private func kinds(_ port: UInt16) throws -> [LinkEvent.Kind] {
    try engine.linkEvents("redis").filter { $0.clientPort == port }.map(\.kind)
  }

  func testLifeOfOneLinkWithItsClientPort() throws {
    try engine.setTap("redis", .resp)
    let client = try client()
    let port = client.socket.localPort
    if case .error = try client.command("NOSUCHCOMMAND") {} else { XCTFail("expected an error reply") }
    XCTAssertEqual(try kinds(port), [.accepted, .connected], "an error reply is no successful exchange")
    XCTAssertEqual(try client.command("SET", "k", "v"), .status("OK"))
    XCTAssertEqual(try client.command("GET", "k"), .bulk(Array("v".utf8)))
    client.socket.close()
    XCTAssertTrue(eventually { (try? self.kinds(port).last) == .closed })
    let events = try engine.linkEvents("redis").filter { $0.clientPort == port }
    XCTAssertEqual(events.map(\.kind), [.accepted, .connected, .exchange, .closed])
    XCTAssertEqual(events[2].detail, "reply")
    XCTAssertEqual(Set(events.map(\.link)).count, 1)
    XCTAssertEqual(events[0].client, "127.0.0.1:\(port)")
    XCTAssertEqual(events.map(\.time), events.map(\.time).sorted())
  }

  /// A RESP3 client (`HELLO 3`, answered with a map) makes an exchange; bytes that are not RESP
  /// then stop the tap, recorded once as `tap-stopped` with the reason, after the first exchange.
  func testRESP3ReplyIsAnExchangeAndAStoppedTapIsRecorded() throws {
    try engine.setTap("redis", .resp)
    let socket = try TestSocket(port: proxyPort)
    let port = socket.localPort
    try socket.write(RESPClient.encode([Array("HELLO".utf8), Array("3".utf8)]))
    XCTAssertEqual(try socket.read().first, UInt8(ascii: "%"))
    XCTAssertTrue(eventually { (try? self.kinds(port)) == [.accepted, .connected, .exchange] })
    try socket.write([0x01, 0x0D, 0x0A])
    XCTAssertTrue(eventually { (try? self.kinds(port).last) == .tapStopped })
    let stops = try engine.linkEvents("redis").filter { $0.clientPort == port && $0.kind == .tapStopped }
    XCTAssertEqual(stops.map(\.detail), ["RESP: unexpected byte 0x01"])
    XCTAssertEqual(try engine.taps("redis").stopped, ["RESP: unexpected byte 0x01"])
    socket.close()
  }

  func testUnreachableUpstreamIsAConnectFailure() throws {
    redis.stop()
    let socket = try TestSocket(port: proxyPort)
    let port = socket.localPort
    XCTAssertEqual(socket.readToEnd().bytes, [])
    XCTAssertTrue(eventually { (try? self.kinds(port)) == [.accepted, .connectFailed] })
  }

  func testCutResetsAndRecordsEveryAttempt() throws {
    let open = try client()
    XCTAssertEqual(try open.command("PING"), .status("PONG"))
    let status = try engine.cutProxy("redis")
    XCTAssertTrue(status.refusing)
    XCTAssertFalse(status.enabled)
    var ports: [UInt16] = []
    for _ in 0..<3 {
      let socket = try TestSocket(port: proxyPort)
      ports.append(socket.localPort)
      XCTAssertEqual(socket.readToEnd().failure, .reset)
    }
    XCTAssertTrue(
      eventually { (try? self.engine.linkEvents("redis").filter { $0.kind == .refused }.count) == 3 })
    let refused = try engine.linkEvents("redis").filter { $0.kind == .refused }
    XCTAssertEqual(refused.map(\.clientPort), ports)
    XCTAssertEqual(engine.proxy("redis")?.refusedAttempts, 3)
    XCTAssertThrowsError(try open.command("PING"), "the open link was dropped by the cut")
    try engine.updateProxy("redis", enabled: true)
    XCTAssertEqual(try client().command("PING"), .status("PONG"))
    XCTAssertEqual(engine.proxy("redis")?.refusing, false)
  }

  /// The API: `{"cut": true}` on a proxy update, `GET /proxies/{name}/events`, the metric.
  func testCutAndEventsOverTheAPI() throws {
    let api = try engine.serveAPI(port: 0)
    let cut = try TestHTTPClient.request(port: api, "POST", "/proxies/redis", body: #"{"cut": true}"#)
    XCTAssertEqual(cut.status, 200)
    XCTAssertEqual((cut.json() as? [String: Any])?["refusing"] as? Bool, true)
    let socket = try TestSocket(port: proxyPort)
    let port = socket.localPort
    XCTAssertEqual(socket.readToEnd().failure, .reset)
    XCTAssertTrue(eventually { (try? self.kinds(port)) == [.refused] })
    let events = try TestHTTPClient.request(port: api, "GET", "/proxies/redis/events")
    XCTAssertEqual(events.status, 200)
    let list = try XCTUnwrap(events.json() as? [[String: Any]])
    XCTAssertEqual(list.last?["kind"] as? String, "refused")
    XCTAssertEqual(list.last?["clientPort"] as? Int, Int(port))
    let metrics = try TestHTTPClient.request(port: api, "GET", "/metrics")
    XCTAssertTrue(
      String(decoding: metrics.body, as: UTF8.self).contains(
        "chaos_proxy_attempts_refused_total{proxy=\"redis\"} 1"))
    XCTAssertEqual(try TestHTTPClient.request(port: api, "GET", "/proxies/nope/events").status, 404)
    let enable = try TestHTTPClient.request(port: api, "POST", "/proxies/redis", body: #"{"enabled": true}"#)
    XCTAssertEqual((enable.json() as? [String: Any])?["refusing"] as? Bool, false)
    XCTAssertEqual(try client().command("PING"), .status("PONG"))
  }

  func testEventsReachTheHandlerAsTheyHappen() throws {
    let seen = LockedList<LinkEvent>()
    engine.setLinkEventHandler { seen.append($0) }
    let client = try client()
    _ = try client.command("PING")
    client.socket.close()
    XCTAssertTrue(eventually { seen.elements.map(\.kind) == [.accepted, .connected, .closed] })
  }
}

/// The per-proxy log keeps the newest events and counts the dropped ones.
final class LinkEventLogTests: XCTestCase {
  func testKeepsTheNewestAndCountsTheDropped() {
    let log = LinkEventLog()
    let extra = LinkEventLog.capacity / 2 + 25  // past the point where the log compacts
    for index in 0..<(LinkEventLog.capacity + extra) {
      log.append(LinkEvent(proxy: "p", link: index, kind: .accepted, client: "c", clientPort: 1, time: 0))
    }
    let kept = log.all
    XCTAssertEqual(kept.count, LinkEventLog.capacity)
    XCTAssertEqual(log.dropped, extra)
    XCTAssertEqual(kept.first?.link, extra)
    XCTAssertEqual(kept.last?.link, LinkEventLog.capacity + extra - 1)
  }
}
