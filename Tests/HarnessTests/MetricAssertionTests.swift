import Scenario
import WorkerMetrics
import XCTest

@testable import Harness

/// `metric:` over recorded scrapes: sums over sources, restarted workers, `within`, unknown.
final class MetricAssertionTests: XCTestCase {
  private func scrape(
    _ time: Double, _ source: String, pid: Int32, _ values: [(String, [String: String], Double)]
  )
    -> MetricScrape
  {
    MetricScrape(
      time: time, source: source, pid: pid,
      samples: values.map { PrometheusSample(name: $0.0, labels: $0.1, value: $0.2) })
  }

  private func evaluate(_ metric: MetricExpectation, _ scrapes: [MetricScrape]?) -> ExpectationResult {
    var run = RecordedJournal()
    run.journal.metrics = scrapes
    return run.evaluate(MetricChecker(metric))
  }

  private let redis = MetricSelector(name: "reconnect_success_total", labels: ["service": "redis"])

  func testSumsSourcesAndKeepsARestartedWorkersEarlierCount() {
    let scrapes = [
      scrape(1, "downloader#1", pid: 10, [("reconnect_success_total", ["service": "redis"], 1)]),
      scrape(1, "consumer#1", pid: 20, [("reconnect_success_total", ["service": "redis"], 1)]),
      // downloader#1 was restarted: its new process counts from zero again.
      scrape(2, "downloader#1", pid: 11, [("reconnect_success_total", ["service": "redis"], 0)]),
      scrape(3, "downloader#1", pid: 11, [("reconnect_success_total", ["service": "redis"], 1)]),
    ]
    let values = MetricValues(redis, in: scrapes)
    XCTAssertEqual(values.series().map(\.value), [1, 2, 2, 3])
    let result = evaluate(MetricExpectation(selector: redis, value: CountComparison(.equal, 3)), scrapes)
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertEqual(result.witness, "metrics")
  }

  func testAGaugeCountsOnlyTheNewestProcess() {
    let gauge = MetricSelector(name: "health_check_status", labels: ["service": "redis"])
    let scrapes = [
      scrape(1, "downloader#1", pid: 10, [("health_check_status", ["service": "redis"], 1)]),
      scrape(2, "downloader#1", pid: 11, [("health_check_status", ["service": "redis"], 0)]),
    ]
    XCTAssertEqual(MetricValues(gauge, in: scrapes).final, 0)
  }

  func testWithinNeedsTheComparisonToHoldInTime() {
    let scrapes = (0...10).map { second in
      scrape(
        Double(second), "scanner#1", pid: 1,
        [("reconnect_success_total", ["service": "redis"], second >= 6 ? 1 : 0)])
    }
    let late = evaluate(MetricExpectation(selector: redis, within: 5), scrapes)
    XCTAssertFalse(late.passed)
    XCTAssertTrue(late.summary.contains("only at 6.0s, later than 5s"), late.summary)
    let inTime = evaluate(MetricExpectation(selector: redis, within: 6), scrapes)
    XCTAssertTrue(inTime.passed, inTime.summary)
    let atEnd = evaluate(MetricExpectation(selector: redis, value: CountComparison(.equal, 0)), scrapes)
    XCTAssertFalse(atEnd.passed)
    XCTAssertTrue(atEnd.summary.hasSuffix("= 1, expected == 0"), atEnd.summary)
  }

  func testUnknownWithoutScrapesOrWithoutTheMetric() {
    XCTAssertEqual(evaluate(MetricExpectation(selector: redis), nil).outcome, .unknown)
    let other = [scrape(1, "scanner#1", pid: 1, [("reconnect_attempts_total", ["service": "redis"], 3)])]
    let result = evaluate(MetricExpectation(selector: redis), other)
    XCTAssertEqual(result.outcome, .unknown)
    XCTAssertTrue(
      result.evidence.contains("metrics with a similar name: reconnect_attempts_total"), "\(result.evidence)")
  }

  func testThePrometheusTextIsParsed() {
    let samples = PrometheusSample.parse(
      """
      # HELP x y
      # TYPE reconnect_duration_seconds histogram
      reconnect_duration_seconds_bucket{service="redis",le="+Inf"} 2
      jobs_in_flight 3
      label_escape{a="x\\"y"} 1.5
      """)
    XCTAssertEqual(
      samples,
      [
        PrometheusSample(
          name: "reconnect_duration_seconds_bucket", labels: ["service": "redis", "le": "+Inf"], value: 2),
        PrometheusSample(name: "jobs_in_flight", value: 3),
        PrometheusSample(name: "label_escape", labels: ["a": "x\"y"], value: 1.5),
      ])
  }
}
