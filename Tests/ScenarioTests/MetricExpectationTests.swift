import Harness
import XCTest

@testable import Scenario

/// `metric:` expectations and `metrics: true` as the parser reads them.
final class MetricExpectationTests: XCTestCase {
  func testSelectorValueAndWithinAreRead() throws {
    let model = try ScenarioParser.parse(
      text: """
        name: m
        services: { redis: redis, rabbitmq: rabbitmq }
        workers: { downloader: 1 }
        expect:
          - metric: 'reconnect_success_total{service="redis", instance="a"}'
            value: ">= 2"
            within: 30s
          - metric: jobs_in_flight
        """, file: "m.scn")
    XCTAssertEqual(
      model.expectations.claims,
      [
        SameClaim(
          MetricChecker(
            MetricExpectation(
              selector: MetricSelector(
                name: "reconnect_success_total", labels: ["service": "redis", "instance": "a"]),
              value: CountComparison(.atLeast, 2), within: 30))),
        SameClaim(MetricChecker(MetricExpectation(selector: MetricSelector(name: "jobs_in_flight")))),
      ])
    XCTAssertTrue(model.scrapesMetrics, "a metric: expectation turns scraping on")
    XCTAssertFalse(model.metrics)
  }

  func testScrapingIsOnlyOnWhenAsked() throws {
    let plain = try ScenarioParser.parse(text: "name: p\nworkers: { downloader: 1 }\n", file: "p.scn")
    XCTAssertFalse(plain.scrapesMetrics)
    let flag = try ScenarioParser.parse(text: "name: p\nmetrics: true\n", file: "p.scn")
    XCTAssertTrue(flag.scrapesMetrics)
    let setting = try ScenarioParser.parse(text: "name: p\nsettings: { METRICS_PORT: 1 }\n", file: "p.scn")
    XCTAssertTrue(setting.scrapesMetrics)
  }

  func testSelectorDescriptionAndMatching() throws {
    let selector = try MetricSelector.parse(#"up{b="2",a="1"}"#).get()
    XCTAssertEqual(selector.description, #"up{a="1",b="2"}"#)
    XCTAssertTrue(selector.matches(name: "up", labels: ["a": "1", "b": "2", "c": "3"]))
    XCTAssertFalse(selector.matches(name: "up", labels: ["a": "1"]))
    XCTAssertFalse(selector.matches(name: "down", labels: ["a": "1", "b": "2"]))
    XCTAssertThrowsError(try MetricSelector.parse("9lives").get())
    XCTAssertThrowsError(try MetricSelector.parse(#"up{a="1",a="2"}"#).get())
  }
}
