/// `metric: 'reconnect_success_total{service="redis"}'`, `value: ">= 1"`, `within: 30s` — a
/// metric scraped from the workers (and the proxy) during the run, held to a comparison at the
/// end of the run, or at some scrape within `within` seconds of the workload start.
public struct MetricExpectation: Sendable, Equatable {
  public var selector: MetricSelector
  /// Default `>= 1`.
  public var value: CountComparison
  public var within: Double?

  public init(
    selector: MetricSelector, value: CountComparison = CountComparison(.atLeast, 1), within: Double? = nil
  ) {
    self.selector = selector
    self.value = value
    self.within = within
  }
}

/// A metric name with label matchers, as PromQL writes an instant selector:
/// `reconnect_success_total{service="redis"}` (only `=`; a label not named matches any value).
public struct MetricSelector: Sendable, Equatable, CustomStringConvertible {
  public var name: String
  public var labels: [String: String]

  public init(name: String, labels: [String: String] = [:]) {
    self.name = name
    self.labels = labels
  }

  public var description: String {
    guard !labels.isEmpty else { return name }
    let matchers = labels.keys.sorted().map { "\($0)=\"\(labels[$0]!)\"" }
    return name + "{" + matchers.joined(separator: ",") + "}"
  }

  /// True when the sample's name is this one and it has every label named, with that value.
  public func matches(name sampleName: String, labels sampleLabels: [String: String]) -> Bool {
    sampleName == name && labels.allSatisfy { sampleLabels[$0.key] == $0.value }
  }

  /// Parses `name` or `name{label="value",…}`; the problem in words when it cannot.
  public static func parse(_ text: String) -> Result<MetricSelector, MetricSelectorProblem> {
    let trimmed = text.trimmingWhitespace
    let name = trimmed.prefix { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == ":" }
    guard let first = name.first, !first.isASCIIDigit else {
      return .failure(MetricSelectorProblem("a metric name starts with a letter, '_' or ':'"))
    }
    var rest = trimmed.dropFirst(name.count)
    var labels: [String: String] = [:]
    if rest.isEmpty { return .success(MetricSelector(name: String(name))) }
    guard rest.first == "{", rest.last == "}" else {
      return .failure(MetricSelectorProblem("expected '{label=\"value\", …}' after the name '\(name)'"))
    }
    rest = rest.dropFirst().dropLast()
    for matcher in rest.split(separator: ",") {
      let parts = matcher.split(separator: "=", maxSplits: 1)
      let key = parts.first.map { String($0).trimmingWhitespace } ?? ""
      let quoted = parts.count == 2 ? String(parts[1]).trimmingWhitespace : ""
      guard !key.isEmpty, key.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" }),
        quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"")
      else {
        return .failure(
          MetricSelectorProblem(
            "bad label matcher '\(String(matcher).trimmingWhitespace)'; expected label=\"value\""))
      }
      guard labels[key] == nil else { return .failure(MetricSelectorProblem("label '\(key)' named twice")) }
      labels[key] = String(quoted.dropFirst().dropLast())
    }
    return .success(MetricSelector(name: String(name), labels: labels))
  }
}

/// Why a metric selector could not be read.
public struct MetricSelectorProblem: Error, Equatable, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}

extension Character {
  fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
