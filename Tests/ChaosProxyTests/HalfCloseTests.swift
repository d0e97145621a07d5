import Foundation
import XCTest

@testable import ChaosProxy

/// Issue 13 item 8: a FIN is forwarded one way while the other direction stays open, in both
/// orders, with and without a latency toxic — what a direct connection does.
final class HalfCloseTests: XCTestCase {
  private var engine: ProxyEngine!

  override func setUpWithError() throws {
    engine = try ProxyEngine(seed: 3)
  }

  override func tearDown() {
    engine?.shutdown()
  }

  /// A proxy `p` in front of `server`; with `latency`, 100 ms each way.
  private func proxy(to server: HalfCloseServer, latency: Bool) throws -> UInt16 {
    let status = try engine.createProxy(
      ProxySpec(name: "p", listen: "127.0.0.1:0", upstream: "127.0.0.1:\(server.port)"))
    if latency {
      for stream in [ToxicStream.upstream, .downstream] {
        _ = try engine.addToxic("p", ToxicSpec(type: .latency, stream: stream, attributes: ["latency": 100]))
      }
    }
    return status.listenPort
  }

  private func clientFINFirst(direct: Bool, latency: Bool = false) throws {
    let server = try HalfCloseServer(.answerAfterFIN)
    let port = direct ? server.port : try proxy(to: server, latency: latency)
    let client = try TestSocket(port: port)
    try client.write("question")
    client.shutdownWrite()
    let (answer, end) = client.readToEnd()
    XCTAssertEqual(
      String(decoding: answer, as: UTF8.self), "got 8\n", "direct: \(direct) latency: \(latency)")
    XCTAssertEqual(end, .closed)
    XCTAssertEqual(server.received(), "question")
  }

  private func serverFINFirst(direct: Bool, latency: Bool = false) throws {
    let server = try HalfCloseServer(.finFirst)
    let port = direct ? server.port : try proxy(to: server, latency: latency)
    let client = try TestSocket(port: port)
    let (greeting, end) = client.readToEnd()
    XCTAssertEqual(String(decoding: greeting, as: UTF8.self), "hello\n")
    XCTAssertEqual(end, .closed)
    try client.write("bye after your FIN")
    client.shutdownWrite()
    XCTAssertEqual(server.received(), "bye after your FIN", "direct: \(direct) latency: \(latency)")
  }

  func testTheClientsFINIsForwardedAndTheAnswerStillComesBack() throws {
    try clientFINFirst(direct: true)
    try clientFINFirst(direct: false)
  }

  func testTheClientsFINIsForwardedBehindALatencyToxic() throws {
    try clientFINFirst(direct: false, latency: true)
  }

  func testTheServersFINIsForwardedAndTheClientCanStillSend() throws {
    try serverFINFirst(direct: true)
    try serverFINFirst(direct: false)
  }

  func testTheServersFINIsForwardedBehindALatencyToxic() throws {
    try serverFINFirst(direct: false, latency: true)
  }
}
