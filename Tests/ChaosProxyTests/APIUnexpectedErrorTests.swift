import Foundation
import Synchronization
import XCTest

@testable import ChaosProxy

/// Issue 24: an error the API does not expect answers 500 with a diagnostic line (as Toxiproxy
/// logs and answers 500), not `400 bad request body`; a body that does not decode stays 400.
final class APIUnexpectedErrorTests: XCTestCase {
  private struct Unexpected: Error, CustomStringConvertible {
    var description: String { "the disk is on fire" }
  }

  func testAnUnexpectedErrorAnswers500AndIsLogged() throws {
    let engine = try ProxyEngine(seed: 1, threads: 1)
    defer { engine.shutdown() }
    let lines = Mutex<[String]>([])
    engine.setDiagnostics { line in lines.withLock { $0.append(line) } }
    let request = HTTPRequest(method: "POST", path: "/proxies", body: [])
    let response = APIRouter.response(to: Unexpected(), of: request, engine: engine)
    XCTAssertEqual(response.status, 500)
    XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("the disk is on fire"))
    XCTAssertEqual(
      lines.withLock { $0 }, ["chaos proxy API: POST /proxies: unexpected error: the disk is on fire"])
  }

  func testABodyThatDoesNotDecodeStays400() throws {
    let engine = try ProxyEngine(seed: 1, threads: 1)
    defer { engine.shutdown() }
    let response = APIRouter(engine: engine).handle(
      HTTPRequest(method: "POST", path: "/proxies", body: Array(#"{"name": 7}"#.utf8)))
    XCTAssertEqual(response.status, 400)
  }
}
