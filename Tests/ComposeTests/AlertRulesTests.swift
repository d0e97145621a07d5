import Foundation
import WorkerMetrics
import XCTest
import Yams

/// compose/alerts.yml: every metric its rules read is one the workers serve (WorkerMetricName,
/// whose series the endpoint test scrapes from real workers). promtool checks the syntax in make test.
final class AlertRulesTests: XCTestCase {
  static let promQLWords: Set<String> = [
    "sum", "min", "max", "avg", "count", "by", "without", "increase", "rate", "and", "or", "unless", "on",
    "ignoring", "bool",
  ]
  static let labels: Set<String> = ["service", "instance", "stage", "state"]

  func testEveryRuleReadsMetricsTheWorkersServe() throws {
    let text = try String(contentsOfFile: "\(RepositoryFiles.composeDirectory)/alerts.yml", encoding: .utf8)
    let document = try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any])
    let groups = try XCTUnwrap(document["groups"] as? [[String: Any]])
    let rules = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
    XCTAssertGreaterThanOrEqual(rules.count, 3)
    var used: Set<String> = []
    for rule in rules {
      let name = try XCTUnwrap(rule["alert"] as? String)
      let expression = try XCTUnwrap(rule["expr"] as? String, name)
      // Range selectors (`[10m]`) removed, every identifier left is a function, keyword, label or metric.
      let stripped = expression.replacing(try Regex(#"\[[^\]]*\]"#), with: "")
      let tokens = stripped.matches(of: try Regex(#"[A-Za-z_:][A-Za-z0-9_:]*"#)).map {
        String(stripped[$0.range])
      }
      let metrics = tokens.filter { !Self.promQLWords.contains($0) && !Self.labels.contains($0) }
      XCTAssertFalse(metrics.isEmpty, "\(name) reads no metric")
      for metric in metrics {
        XCTAssertTrue(
          WorkerMetricName.all.contains(metric), "\(name) reads \(metric), which no worker serves")
        used.insert(metric)
      }
    }
    XCTAssertTrue(
      used.contains(WorkerMetricName.reconnectAttempts), "repeated connection failures are alerted on")
  }
}
