import Scenario
import WorkerMetrics

/// A selector's value over a run's scrapes: the sum of the matching samples of every source, each
/// source at its latest scrape. A worker that was restarted starts its counters from zero, so for
/// cumulative series (`…_total`, `…_count`, `…_sum`, `…_bucket`) each earlier process's last value is
/// added too; for a gauge only the newest process of a source counts.
public struct MetricValues: Sendable {
  public let selector: MetricSelector
  public let scrapes: [MetricScrape]

  public init(_ selector: MetricSelector, in scrapes: [MetricScrape]) {
    self.selector = selector
    self.scrapes = scrapes
  }

  var cumulative: Bool {
    ["_total", "_count", "_sum", "_bucket"].contains { selector.name.hasSuffix($0) }
  }

  /// The value after every scrape up to `time`, as `(time, value)` points; nil while no source
  /// had a matching sample.
  public func series(until time: Double = .infinity) -> [(time: Double, value: Double)] {
    var latest: [String: [Int32: Double]] = [:]
    var newest: [String: Int32] = [:]
    var points: [(time: Double, value: Double)] = []
    for scrape in scrapes where scrape.time <= time {
      let matching = scrape.samples.filter { selector.matches(name: $0.name, labels: $0.labels) }
      let pid = scrape.pid ?? 0
      newest[scrape.source] = pid
      if matching.isEmpty && latest[scrape.source] == nil { continue }
      latest[scrape.source, default: [:]][pid] = matching.reduce(0) { $0 + $1.value }
      let total = latest.reduce(0.0) { sum, source in
        let processes = source.value
        if cumulative { return sum + processes.values.reduce(0, +) }
        return sum + (processes[newest[source.key] ?? pid] ?? 0)
      }
      points.append((scrape.time, total))
    }
    return points
  }

  /// The value at the last scrape, nil when nothing matched.
  public var final: Double? { series().last?.value }

  /// The sources that had a matching sample, sorted.
  public var sources: [String] {
    Set(
      scrapes.filter { scrape in
        scrape.samples.contains { selector.matches(name: $0.name, labels: $0.labels) }
      }
      .map(\.source)
    ).sorted()
  }
}
