import Foundation
import XCTest

@testable import ChaosProxy

/// Issue 13 item 11: the messages say what went wrong.
final class APIMessagesTests: ProxyTestCase {
  func testAnUnresolvableAPIHostIsNamedNotSuccess() {
    XCTAssertThrowsError(try engine.serveAPI(host: "nonexistent.invalid", port: 0)) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("cannot resolve \"nonexistent.invalid:0\""), message)
      XCTAssertFalse(message.contains("Success"), message)
    }
  }

  func testAHugeDurationIsOutOfRangeNotInvalidJSON() throws {
    let port = try engine.serveAPI(host: "127.0.0.1", port: 0)
    let response = try TestHTTPClient.request(
      port: port, "POST", "/proxies/redis/toxics", body: #"{"type": "latency", "duration": 1e30}"#)
    XCTAssertEqual(response.status, 400)
    XCTAssertTrue(
      response.text.contains("duration must be a whole number of milliseconds between 0 and 86400000"),
      response.text)
    XCTAssertFalse(response.text.contains("JSON"), response.text)
  }
}
