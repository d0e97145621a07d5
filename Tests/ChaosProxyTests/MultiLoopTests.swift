import Foundation
import XCTest

@testable import ChaosProxy

/// `ProxyEngine(threads: 2)` (`chaos proxy --threads 2`) against a real redis-server: accepted
/// sockets are handed to the two loops in turn, and toxics, taps, disable, delete, counters and
/// link events cover the links of both loops.
final class MultiLoopTests: ProxyTestCase {
  override var loopThreads: Int { 2 }

  /// `count` clients through the proxy, each checked with a PING (so that its link is adopted).
  private func connectedClients(_ count: Int) throws -> [RESPClient] {
    try (0..<count).map { _ in
      let client = try client()
      XCTAssertEqual(try client.command("PING"), .status("PONG"))
      return client
    }
  }

  func testManyConcurrentClientsGetTheirOwnAnswersOnBothLoops() throws {
    let clientCount = 40
    let rounds = 50
    let failures = LockedList<String>()
    let kept = LockedList<RESPClient>()
    let port = proxyPort
    DispatchQueue.concurrentPerform(iterations: clientCount) { index in
      do {
        let client = try RESPClient(port: port)
        for round in 0..<rounds {
          let key = "c\(index)-\(round)"
          let value = "v\(index)-\(round)-" + String(repeating: "x", count: index * 7)
          guard try client.command("SET", key, value) == .status("OK") else {
            return failures.append("SET \(key) failed")
          }
          guard try client.command("GET", key) == .bulk(Array(value.utf8)) else {
            return failures.append("GET \(key) gave another value")
          }
        }
        kept.append(client)
      } catch {
        failures.append("client \(index): \(error)")
      }
    }
    XCTAssertEqual(failures.elements, [])
    // Round robin: 40 accepted sockets, 20 on each loop; all still open.
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [20, 20])
    XCTAssertEqual(try engine.links("redis").count, clientCount)
    let metrics = try XCTUnwrap(engine.metrics().first)
    XCTAssertEqual(metrics.openLinks, clientCount)
    XCTAssertEqual(metrics.openLinksPerLoop, [20, 20])
    XCTAssertEqual(metrics.acceptedLinks, clientCount)
    // Bytes counted on both loops add up to what the links report one by one.
    let links = try engine.links("redis")
    XCTAssertEqual(metrics.receivedBytes[0], links.map(\.bytesUpstream).reduce(0, +))
    XCTAssertEqual(metrics.receivedBytes[1], links.map(\.bytesDownstream).reduce(0, +))
    XCTAssertTrue(
      engine.metricsText().contains(#"chaos_proxy_links_open_per_loop{proxy="redis",loop="1"} 20"#))
    kept.elements.forEach { $0.socket.close() }
    XCTAssertTrue(eventually { (try? engine.openLinksPerLoop("redis")) == [0, 0] })
    let closed = try XCTUnwrap(engine.metrics().first)
    XCTAssertEqual(
      closed.receivedBytes, metrics.receivedBytes, "closed links keep their bytes in the counters")
  }

  /// A toxic added through the API while links are open on both loops delays them all, and a
  /// link accepted after it (on either loop) gets it too.
  func testToxicThroughTheAPIReachesOpenLinksOnBothLoops() throws {
    let api = try engine.serveAPI(port: 0)
    let clients = try connectedClients(4)
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [2, 2])
    let added = try TestHTTPClient.request(
      port: api, "POST", "/proxies/redis/toxics", body: #"{"type":"latency","attributes":{"latency":150}}"#)
    XCTAssertEqual(added.status, 200, added.text)
    let later = try connectedClients(2)
    for (index, client) in (clients + later).enumerated() {
      let elapsed = try measure { XCTAssertEqual(try client.command("PING"), .status("PONG")) }
      XCTAssertGreaterThanOrEqual(elapsed, 150, "client \(index) (loop \(index % 2)) was not delayed")
    }
    // A timeout toxic swallows; removing it closes the links it held, on both loops.
    let timeout = try TestHTTPClient.request(
      port: api, "POST", "/proxies/redis/toxics", body: #"{"type":"timeout","attributes":{"timeout":0}}"#)
    XCTAssertEqual(timeout.status, 200, timeout.text)
    let removed = try TestHTTPClient.request(port: api, "DELETE", "/proxies/redis/toxics/timeout_downstream")
    XCTAssertEqual(removed.status, 204)
    for client in clients + later {
      client.socket.setTimeout(5)
      XCTAssertThrowsError(try client.command("PING"), "a link held by the timeout toxic stayed open")
    }
    XCTAssertTrue(eventually { (try? engine.openLinksPerLoop("redis")) == [0, 0] })
  }

  func testDeletingTheProxyClosesItsLinksOnBothLoops() throws {
    let api = try engine.serveAPI(port: 0)
    let clients = try connectedClients(4)
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [2, 2])
    XCTAssertEqual(try TestHTTPClient.request(port: api, "DELETE", "/proxies/redis").status, 204)
    for client in clients {
      client.socket.setTimeout(5)
      XCTAssertEqual(client.socket.readToEnd().failure, .closed, "a link stayed open after the delete")
    }
    XCTAssertThrowsError(try engine.links("redis")) { XCTAssertEqual($0 as? ProxyError, .proxyNotFound) }
  }

  func testDisablingDropsLinksOnBothLoopsAndEnablingSpreadsNewOnes() throws {
    let clients = try connectedClients(4)
    try engine.updateProxy("redis", enabled: false)
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [0, 0])
    for client in clients {
      client.socket.setTimeout(5)
      XCTAssertThrowsError(try client.command("PING"))
    }
    try engine.updateProxy("redis", enabled: true)
    let again = try connectedClients(2)
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [1, 1])
    _ = again
  }

  /// The tap and the link events of links on both loops land in the proxy's one ledger and log.
  func testTapsAndLinkEventsGatherBothLoops() throws {
    _ = try engine.setTap("redis", .resp)
    let clients = try (0..<6).map { _ in try client() }
    for (index, client) in clients.enumerated() {
      XCTAssertEqual(try client.command("SET", "k\(index)", "v"), .status("OK"))
    }
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [3, 3])
    XCTAssertEqual(try engine.taps("redis").events["SET"], 6)
    XCTAssertEqual(try engine.links("redis").map { $0.tap?.events["SET"] }, Array(repeating: 1, count: 6))
    clients.forEach { $0.socket.close() }
    XCTAssertTrue(eventually { (try? engine.openLinksPerLoop("redis")) == [0, 0] })
    XCTAssertEqual(try engine.taps("redis").events["SET"], 6, "closed links keep their tap counts")
    let events = try engine.linkEvents("redis")
    for kind in [LinkEvent.Kind.accepted, .connected, .exchange, .closed] {
      XCTAssertEqual(Set(events.filter { $0.kind == kind }.map(\.link)), Set(1...6), "\(kind)")
    }
    for link in 1...6 {
      let kinds = events.filter { $0.link == link }.map(\.kind)
      XCTAssertEqual(kinds, [.accepted, .connected, .exchange, .closed], "link \(link)")
    }
  }

  /// Clients connect without pause while the proxy is disabled and enabled again and again: when
  /// a disable returns, no link is left on either loop (a socket handed to a loop before the
  /// close is adopted before it, then closed with the others).
  func testAcceptsRacingWithDisableLeaveNoLinkBehind() throws {
    let port = proxyPort
    let held = LockedList<TestSocket>()
    let stop = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      while stop.wait(timeout: .now()) == .timedOut {
        if let socket = try? TestSocket(port: port, timeout: 5) { held.append(socket) }
      }
      done.signal()
    }
    for cycle in 0..<30 {
      try engine.updateProxy("redis", enabled: false)
      XCTAssertEqual(try engine.openLinksPerLoop("redis"), [0, 0], "cycle \(cycle)")
      try engine.updateProxy("redis", enabled: true)
      usleep(3_000)
    }
    stop.signal()
    done.wait()
    try engine.updateProxy("redis", enabled: false)
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [0, 0])
    XCTAssertGreaterThan(try XCTUnwrap(engine.metrics().first).acceptedLinks, 0)
    held.elements.forEach { $0.close() }
  }

  /// Clients connect without pause while a latency toxic is added: once `addToxic` returns,
  /// every link — accepted before it, during it or after it, on either loop — is delayed.
  func testAToxicAddedWhileClientsConnectReachesEveryLink() throws {
    let port = proxyPort
    let connected = LockedList<RESPClient>()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      for _ in 0..<60 {
        if let client = try? RESPClient(port: port) { connected.append(client) }
      }
      done.signal()
    }
    usleep(20_000)
    try engine.addToxic("redis", ToxicSpec(type: .latency, attributes: ["latency": 50]))
    done.wait()
    XCTAssertEqual(connected.elements.count, 60)
    for (index, client) in connected.elements.enumerated() {
      let elapsed = try measure { XCTAssertEqual(try client.command("PING"), .status("PONG")) }
      XCTAssertGreaterThanOrEqual(elapsed, 50, "client \(index) was not delayed")
    }
    XCTAssertEqual(try engine.openLinksPerLoop("redis"), [30, 30])
  }

  func testAnEngineNeedsAtLeastOneLoop() {
    XCTAssertThrowsError(try ProxyEngine(threads: 0)) { error in
      XCTAssertEqual(error as? ProxyError, .invalid("threads must be at least 1, got 0"))
    }
  }
}
