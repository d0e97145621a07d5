import XCTest

@testable import ChaosProxy

/// The Toxiproxy-compatible HTTP API: shapes and status codes, over real HTTP.
final class HTTPAPITests: ProxyTestCase {
  var apiPort: UInt16 = 0

  override func setUpWithError() throws {
    try super.setUpWithError()
    apiPort = try engine.serveAPI(port: 0)
  }

  func call(_ method: String, _ path: String, _ body: String? = nil) throws -> TestHTTPClient.Response {
    try TestHTTPClient.request(port: apiPort, method, path, body: body)
  }

  func testVersionAndProxyIndex() throws {
    let version = try call("GET", "/version")
    XCTAssertEqual(version.status, 200)
    XCTAssertNotNil((version.json() as? [String: Any])?["version"])
    let index = try call("GET", "/proxies")
    XCTAssertEqual(index.status, 200)
    let proxy = try XCTUnwrap((index.json() as? [String: Any])?["redis"] as? [String: Any])
    XCTAssertEqual(proxy["name"] as? String, "redis")
    XCTAssertEqual(proxy["listen"] as? String, "127.0.0.1:\(proxyPort)")
    XCTAssertEqual(proxy["upstream"] as? String, "127.0.0.1:\(redis.port)")
    XCTAssertEqual(proxy["enabled"] as? Bool, true)
    XCTAssertEqual((proxy["toxics"] as? [Any])?.count, 0)
  }

  func testProxyLifecycleStatusCodes() throws {
    let body = #"{"name":"second","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(redis.port)"}"#
    XCTAssertEqual(try call("POST", "/proxies", body).status, 201)
    let duplicate = try call("POST", "/proxies", body)
    XCTAssertEqual(duplicate.status, 409)
    XCTAssertEqual((duplicate.json() as? [String: Any])?["status"] as? Int, 409)
    XCTAssertEqual(try call("GET", "/proxies/second").status, 200)
    XCTAssertEqual(try call("GET", "/proxies/missing").status, 404)
    let patched = try call("PATCH", "/proxies/second", #"{"enabled":false}"#)
    XCTAssertEqual(patched.status, 200)
    XCTAssertEqual((patched.json() as? [String: Any])?["enabled"] as? Bool, false)
    let posted = try call("POST", "/proxies/second", #"{"enabled":true}"#)
    XCTAssertEqual(posted.status, 200)
    XCTAssertEqual((posted.json() as? [String: Any])?["enabled"] as? Bool, true)
    XCTAssertEqual(try call("PATCH", "/proxies/missing", #"{"enabled":false}"#).status, 404)
    XCTAssertEqual(try call("DELETE", "/proxies/second").status, 204)
    XCTAssertEqual(try call("DELETE", "/proxies/second").status, 404)
  }

  func testBadBodiesAnswer400WithJSONError() throws {
    let malformed = try call("POST", "/proxies", "{not json")
    XCTAssertEqual(malformed.status, 400)
    let error = try XCTUnwrap(malformed.json() as? [String: Any])
    XCTAssertEqual(error["status"] as? Int, 400)
    XCTAssertNotNil(error["error"] as? String)
    XCTAssertEqual(try call("POST", "/proxies", #"{"name":"x"}"#).status, 400)
    XCTAssertEqual(try call("POST", "/proxies", #"{"upstream":"127.0.0.1:1"}"#).status, 400)
    XCTAssertEqual(try call("POST", "/proxies", #"{"name":"x","upstream":"nohostport"}"#).status, 400)
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", "[1,2").status, 400)
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", #"{"type":"nope"}"#).status, 400)
    XCTAssertEqual(
      try call("POST", "/proxies/redis/toxics", #"{"type":"latency","stream":"sideways"}"#).status, 400)
    let negative = #"{"type":"latency","attributes":{"latency":-5}}"#
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", negative).status, 400)
    let absurd = #"{"type":"latency","attributes":{"latency":999999999999}}"#
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", absurd).status, 400)
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", #"{"type":"latency","toxicity":2}"#).status, 400)
    XCTAssertEqual(try call("GET", "/nothing/here").status, 404)
    XCTAssertEqual(try call("PUT", "/proxies").status, 405)
  }

  func testAddressInUseAnswers500WithToxiproxysText() throws {
    let body = #"{"name":"clash","listen":"localhost:\#(proxyPort)","upstream":"127.0.0.1:1"}"#
    let response = try call("POST", "/proxies", body)
    XCTAssertEqual(response.status, 500)
    let error = try XCTUnwrap(response.json() as? [String: Any])
    XCTAssertEqual(
      error["error"] as? String, "listen tcp 127.0.0.1:\(proxyPort): bind: address already in use")
  }

  func testBrowsersAreRefusedAndNothingIsCreated() throws {
    let body = #"{"name":"evil","listen":"0.0.0.0:0","upstream":"127.0.0.1:\#(redis.port)"}"#
    let attempts: [[String: String]] = [
      ["User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"], ["Origin": "http://evil.example"],
      ["Sec-Fetch-Site": "cross-site"], ["Sec-Fetch-Site": "same-site"],
    ]
    for headers in attempts {
      let response = try TestHTTPClient.request(
        port: apiPort, "POST", "/proxies", body: body, headers: headers)
      XCTAssertEqual(response.status, 403, "\(headers)")
      XCTAssertEqual(response.headers["content-type"], "text/plain; charset=utf-8")
    }
    let agent = try TestHTTPClient.request(
      port: apiPort, "GET", "/proxies", headers: ["User-Agent": "Mozilla/5.0"])
    XCTAssertEqual(agent.text, "User agent not allowed\n")
    XCTAssertNil(engine.proxy("evil"))
    let tool = try TestHTTPClient.request(
      port: apiPort, "GET", "/proxies", headers: ["User-Agent": "curl/8.5", "Sec-Fetch-Site": "none"])
    XCTAssertEqual(tool.status, 200)
  }

  func testEveryAnswerCarriesItsOwnRequestID() throws {
    let answers = try [call("GET", "/version"), call("GET", "/proxies/missing"), call("POST", "/reset")]
    let ids = answers.compactMap { $0.headers["x-toxiproxy-request-id"] }
    XCTAssertEqual(ids.count, 3)
    XCTAssertEqual(Set(ids).count, 3)
    for id in ids {
      XCTAssertTrue(id.count == 20 && id.allSatisfy { "0123456789abcdefghijklmnopqrstuv".contains($0) })
    }
    XCTAssertEqual(answers[0].text, "{\"version\": \"\(APIRouter.version)\"}\n")
    XCTAssertEqual(answers[0].headers["content-type"], "application/json;charset=utf-8")
    XCTAssertEqual(answers[1].text, "{\"error\":\"proxy not found\",\"status\":404}\n")
  }

  func testMetricsCountTrafficOfOpenAndClosedLinks() throws {
    let command = "*1\r\n$4\r\nPING\r\n"
    do {
      let client = try client()
      XCTAssertEqual(try client.command(Array("PING".utf8)), .status("PONG"))
      let page = try call("GET", "/metrics").text
      XCTAssertTrue(page.contains("chaos_proxy_links_open{proxy=\"redis\"} 1"), page)
    }
    XCTAssertTrue(eventually { engine.metrics().first?.openLinks == 0 })
    let page = try call("GET", "/metrics")
    XCTAssertEqual(page.headers["content-type"], PrometheusText.contentType)
    let labels = #"listener="127.0.0.1:\#(proxyPort)",proxy="redis",upstream="127.0.0.1:\#(redis.port)""#
    XCTAssertTrue(
      page.text.contains(
        #"toxiproxy_proxy_received_bytes_total{direction="upstream",\#(labels)} \#(command.utf8.count)"#),
      page.text)
    XCTAssertTrue(
      page.text.contains(#"toxiproxy_proxy_sent_bytes_total{direction="downstream",\#(labels)} 7"#))
    XCTAssertTrue(page.text.contains("chaos_proxy_links_accepted_total{proxy=\"redis\"} 1"))
  }

  func testToxicsAreListedUpstreamFirstAndNoopIsAccepted() throws {
    XCTAssertEqual(try call("POST", "/proxies/redis/toxics", #"{"type":"latency","name":"a"}"#).status, 200)
    let noop = try call("POST", "/proxies/redis/toxics", #"{"type":"noop","name":"b","stream":"upstream"}"#)
    XCTAssertEqual(noop.status, 200)
    XCTAssertEqual((noop.json() as? [String: Any])?["attributes"] as? [String: Int], [:])
    let names = (try call("GET", "/proxies/redis/toxics").json() as? [[String: Any]])?.compactMap {
      $0["name"] as? String
    }
    XCTAssertEqual(names, ["b", "a"])
    XCTAssertEqual(try client().command(Array("PING".utf8)), .status("PONG"))
  }

  func testToxicLifecycleStatusCodesAndDefaults() throws {
    let created = try call(
      "POST", "/proxies/redis/toxics", #"{"type":"latency","attributes":{"latency":50}}"#)
    XCTAssertEqual(created.status, 200)
    let toxic = try XCTUnwrap(created.json() as? [String: Any])
    XCTAssertEqual(toxic["name"] as? String, "latency_downstream")
    XCTAssertEqual(toxic["stream"] as? String, "downstream")
    XCTAssertEqual(toxic["toxicity"] as? Double, 1.0)
    XCTAssertEqual((toxic["attributes"] as? [String: Int])?["latency"], 50)
    XCTAssertEqual((toxic["attributes"] as? [String: Int])?["jitter"], 0)
    let again = try call("POST", "/proxies/redis/toxics", #"{"type":"latency"}"#)
    XCTAssertEqual(again.status, 409)
    XCTAssertEqual(try call("POST", "/proxies/missing/toxics", #"{"type":"latency"}"#).status, 404)
    XCTAssertEqual(try call("GET", "/proxies/redis/toxics").status, 200)
    XCTAssertEqual((try call("GET", "/proxies/redis/toxics").json() as? [Any])?.count, 1)
    XCTAssertEqual(try call("GET", "/proxies/redis/toxics/latency_downstream").status, 200)
    XCTAssertEqual(try call("GET", "/proxies/redis/toxics/nope").status, 404)
    let patched = try call(
      "PATCH", "/proxies/redis/toxics/latency_downstream", #"{"attributes":{"jitter":5}}"#)
    XCTAssertEqual(patched.status, 200)
    let attributes = (patched.json() as? [String: Any])?["attributes"] as? [String: Int]
    XCTAssertEqual(attributes?["latency"], 50)
    XCTAssertEqual(attributes?["jitter"], 5)
    XCTAssertEqual(try call("PATCH", "/proxies/redis/toxics/nope", #"{"attributes":{}}"#).status, 404)
    XCTAssertEqual(try call("DELETE", "/proxies/redis/toxics/latency_downstream").status, 204)
    XCTAssertEqual(try call("DELETE", "/proxies/redis/toxics/latency_downstream").status, 404)
  }

  func testPopulateTwiceIsIdempotent() throws {
    let body = """
      [{"name":"redis","listen":"127.0.0.1:0","upstream":"127.0.0.1:\(redis.port)"},
       {"name":"other","listen":"127.0.0.1:0","upstream":"127.0.0.1:\(redis.port)"}]
      """
    let link = try client()
    XCTAssertEqual(try link.command("PING"), .status("PONG"))
    let first = try call("POST", "/populate", body)
    XCTAssertEqual(first.status, 201)
    let proxies = try XCTUnwrap((first.json() as? [String: Any])?["proxies"] as? [[String: Any]])
    XCTAssertEqual(proxies.count, 2)
    let second = try call("POST", "/populate", body)
    XCTAssertEqual(second.status, 201)
    XCTAssertEqual(first.text, second.text)
    XCTAssertEqual(engine.proxies().count, 2)
    // The existing proxy was left alone: its open link still works.
    XCTAssertEqual(try link.command("PING"), .status("PONG"))
    XCTAssertEqual(try call("POST", "/populate", "{").status, 400)
  }

  func testResetClearsToxicsAndEnables() throws {
    _ = try call("POST", "/proxies/redis/toxics", #"{"type":"timeout","attributes":{"timeout":0}}"#)
    _ = try call("POST", "/proxies/redis", #"{"enabled":false}"#)
    XCTAssertEqual(try call("POST", "/reset").status, 204)
    let proxy = try XCTUnwrap(engine.proxy("redis"))
    XCTAssertTrue(proxy.enabled)
    XCTAssertTrue(proxy.toxics.isEmpty)
    XCTAssertEqual(try client().command("PING"), .status("PONG"))
  }

  func testLinksEndpointListsOpenConnections() throws {
    let link = try client()
    XCTAssertEqual(try link.command("PING"), .status("PONG"))
    let response = try call("GET", "/proxies/redis/links")
    XCTAssertEqual(response.status, 200)
    let links = try XCTUnwrap(response.json() as? [[String: Any]])
    XCTAssertEqual(links.count, 1)
    XCTAssertEqual(links.first?["bytesUpstream"] as? Int, 14)
    XCTAssertEqual(try call("GET", "/proxies/missing/links").status, 404)
  }

  func testAPIAnswersQuicklyUnderLoad() throws {
    let value = try storeValue("load", count: 1 << 20)
    let loaders = try (0..<4).map { _ in try client(timeout: 20) }
    for loader in loaders {
      try loader.socket.write(RESPClient.encode([Array("GET".utf8), Array("load".utf8)]))
    }
    let elapsed = try measure { XCTAssertEqual(try call("GET", "/proxies").status, 200) }
    XCTAssertLessThan(elapsed, 500)
    for loader in loaders { XCTAssertTrue(try loader.reply() == .bulk(value), "value differs") }
  }
}
