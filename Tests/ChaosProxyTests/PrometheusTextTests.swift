import XCTest

@testable import ChaosProxy

/// The Prometheus text format of `GET /metrics`, without sockets.
final class PrometheusTextTests: XCTestCase {
  func testFamiliesEscapeLabelsAndPrintIntegers() {
    var page = PrometheusText()
    page.family("m_total", .counter, help: "Help.", [([("proxy", #"a"b\c"#), ("x", "line\nbreak")], 3)])
    page.family("g", .gauge, help: "G.", [([], 0.25)])
    page.family("empty", .gauge, help: "Never shown.", [])
    XCTAssertEqual(
      page.text,
      """
      # HELP m_total Help.
      # TYPE m_total counter
      m_total{proxy="a\\"b\\\\c",x="line\\nbreak"} 3
      # HELP g G.
      # TYPE g gauge
      g 0.25

      """)
  }

  func testPageHasToxiproxysNamesAndLabelsAndTapCountersOnlyForTappedProxies() {
    var tap = TapReport()
    tap.events = ["SET": 2]
    tap.replies = 2
    let proxies = [
      ProxyMetrics(
        name: "redis", listen: "127.0.0.1:1", upstream: "127.0.0.1:2", enabled: true,
        receivedBytes: [10, 20],
        sentBytes: [9, 20], openLinks: 1, acceptedLinks: 4, failedConnects: 1, toxics: 0, tap: tap),
      ProxyMetrics(
        name: "plain", listen: "127.0.0.1:3", upstream: "127.0.0.1:4", enabled: false, receivedBytes: [0, 0],
        sentBytes: [0, 0], openLinks: 0, acceptedLinks: 0, failedConnects: 0, toxics: 2, tap: nil),
    ]
    let text = MetricsPage.render(proxies, runtime: nil)
    let lines = Set(text.split(separator: "\n").map(String.init))
    for expected in [
      #"toxiproxy_proxy_received_bytes_total{direction="upstream",listener="127.0.0.1:1",proxy="redis",upstream="127.0.0.1:2"} 10"#,
      #"toxiproxy_proxy_sent_bytes_total{direction="upstream",listener="127.0.0.1:1",proxy="redis",upstream="127.0.0.1:2"} 9"#,
      #"chaos_proxy_upstream_connect_failures_total{proxy="redis"} 1"#,
      #"chaos_proxy_enabled{proxy="plain"} 0"#, #"chaos_proxy_toxics{proxy="plain"} 2"#,
      #"chaos_proxy_tap_events_total{proxy="redis",event="SET"} 2"#,
      #"chaos_proxy_tap_replies_total{proxy="redis"} 2"#,
    ] {
      XCTAssertTrue(lines.contains(expected), expected)
    }
    XCTAssertFalse(text.contains(#"chaos_proxy_tap_replies_total{proxy="plain"}"#))
    XCTAssertFalse(text.contains("process_"))
  }

  func testRequestIDsAreTwentyBase32HexCharactersAndDistinct() {
    var ids = RequestID()
    let made = (0..<1000).map { _ in ids.next() }
    XCTAssertEqual(Set(made).count, 1000)
    XCTAssertTrue(made.allSatisfy { $0.count == 20 })
    XCTAssertEqual(RequestID.base32hex([0xFF, 0x00]), "vs00")
  }
}
