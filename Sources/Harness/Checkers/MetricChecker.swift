import Scenario

/// `metric: 'reconnect_success_total{service="redis"}'` with `value` (default `>= 1`) and `within`.
///
/// The value is the sum over every matching series of every source scraped (see ``MetricValues``):
/// the workers' `/metrics` and the proxy's. Without `within` it is held to `value` at the last
/// scrape (taken after the check, before the workers are stopped); with `within: 30s` the
/// comparison must hold at some scrape no later than 30 s after the workload started. Unknown
/// when nothing was scraped, or no scrape had the metric at all (a misspelt name, or a worker
/// that never served).
public struct MetricChecker: Checker {
  public static let witness = "metrics"

  public static let key = "metric"
  public static let parameters = ["within", "value"]

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    let expected = "a metric such as 'reconnect_success_total{service=\"redis\"}'"
    let metric = entry.claim.value
    guard let text = parser.text(metric, for: "metric", expected: expected) else { return nil }
    let selector: MetricSelector
    switch MetricSelector.parse(text) {
    case .success(let parsed): selector = parsed
    case .failure(let problem):
      parser.error(at: metric, "bad metric \(metric.foundDescription): \(problem); expected \(expected)")
      return nil
    }
    var expectation = MetricExpectation(selector: selector, within: entry.within)
    if let value = entry.field("value") {
      guard let comparison = parser.countComparison(value.value, for: "value") else { return nil }
      expectation.value = comparison
    }
    return Self(expectation)
  }

  public var expectation: MetricExpectation

  public init(_ expectation: MetricExpectation) {
    self.expectation = expectation
  }

  public var readsMetrics: Bool { true }

  public var description: String {
    "metric: \(expectation.selector) \(expectation.value)"
      + (expectation.within.map { " within \(Seconds.duration($0))" } ?? "")
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let scrapes = journal.metrics ?? []
    guard !scrapes.isEmpty else { return .unknown("no metrics were scraped") }
    let values = MetricValues(expectation.selector, in: scrapes)
    let series = values.series()
    guard let last = series.last else {
      let names = (journal.metricNames ?? Set(scrapes.flatMap { $0.samples.map(\.name) })).sorted()
      let close = names.filter { $0.hasPrefix(expectation.selector.name.prefix(6)) }.prefix(5)
      return .unknown(
        "no scrape had \(expectation.selector)",
        ["\(scrapes.count) scrapes of \(Set(scrapes.map(\.source)).sorted().joined(separator: ", "))"]
          + (close.isEmpty ? [] : ["metrics with a similar name: \(close.joined(separator: ", "))"]))
    }
    let comparison = expectation.value
    var evidence = [
      "\(series.count) values from \(values.sources.joined(separator: ", ")); last \(Self.number(last.value)) at \(Seconds.format(last.time, width: 0))"
    ]
    if let within = expectation.within {
      guard let first = series.first(where: { comparison.holds(value: $0.value) }) else {
        return .fail(
          "\(expectation.selector) never \(comparison) (last \(Self.number(last.value)))", evidence)
      }
      evidence.append(
        "first \(comparison) at \(Seconds.format(first.time, width: 0)): \(Self.number(first.value))")
      guard first.time <= within else {
        return .fail(
          "\(expectation.selector) \(comparison) only at \(Seconds.format(first.time, width: 0)), later than \(Seconds.duration(within))",
          evidence)
      }
      return .pass(
        "\(expectation.selector) = \(Self.number(first.value)) at \(Seconds.format(first.time, width: 0))",
        evidence)
    }
    guard comparison.holds(value: last.value) else {
      return .fail("\(expectation.selector) = \(Self.number(last.value)), expected \(comparison)", evidence)
    }
    return .pass("\(expectation.selector) = \(Self.number(last.value)) (\(comparison))", evidence)
  }

  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

extension MetricChecker {
  /// In a run held only in part: each scrape with only the selected samples, and only when a
  /// source's process or value changed since the last one kept (a scrape that repeats them adds
  /// no new value to the series, nor a new first time the comparison holds).
  public func interest(in journal: RunJournal) -> StreamInterest? {
    let selector = expectation.selector
    var last: [String: (pid: Int32?, value: Double, matched: Bool)] = [:]
    return StreamInterest(scrape: { scrape in
      var kept = scrape
      kept.samples = scrape.samples.filter { selector.matches(name: $0.name, labels: $0.labels) }
      let value = kept.samples.reduce(0) { $0 + $1.value }
      let matched = !kept.samples.isEmpty
      if let previous = last[scrape.source], previous.pid == scrape.pid, previous.value == value,
        previous.matched == matched
      {
        return nil
      }
      last[scrape.source] = (scrape.pid, value, matched)
      return kept
    })
  }
}
