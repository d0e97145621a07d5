import Foundation
import Yams

/// `expect:` — a list of claims checked after the run, one kind per entry.
extension ScenarioParser {
  static let expectationKinds = [
    "jobs", "duplicates", "lost", "acks", "log", "recovery", "backoff", "metric",
  ]
  /// Parameters and the kinds they belong to.
  static let expectationParameters: [(key: String, kinds: [String])] = [
    ("within", ["jobs", "log", "recovery", "metric"]),
    ("value", ["metric"]),
    ("from", ["log"]), ("count", ["log"]), ("before", ["log"]), ("after", ["log"]),
    ("tolerance", ["backoff"]), ("schedule", ["backoff"]),
  ]
  static var expectationKeys: [String] { expectationKinds + expectationParameters.map(\.key) }

  mutating func parseExpectations(_ node: Node) -> [Expectation] {
    guard case .sequence(let sequence) = node else {
      error(at: node, "'expect' must be a list ('- duplicates: 0'), found \(node.foundDescription)")
      return []
    }
    return sequence.compactMap { parseExpectation($0) }
  }

  mutating func parseExpectation(_ node: Node) -> Expectation? {
    let location = location(of: node)
    if case .scalar(let scalar) = node, !node.isNullScalar {
      let words = scalar.string.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      if words == "no crash" { return Expectation(kind: .noCrash, location: location) }
      let hint =
        KeySuggestion.closest(to: words, among: ["no crash"]) != nil ? "; did you mean 'no crash'?" : ""
      error(
        at: node,
        "unknown expectation \(node.foundDescription); expected 'no crash' or a mapping such as "
          + "'duplicates: 0'\(hint)")
      return nil
    }
    guard
      let entries = entries(
        of: node, in: "an expectation", expected: "a mapping ('duplicates: 0') or 'no crash'")
    else { return nil }
    let known = checkKeys(entries, allowed: Self.expectationKeys, in: "expectation")
    var failed = known.count != entries.count
    let kinds = known.filter { Self.expectationKinds.contains($0.key) }
    guard let kind = kinds.first else {
      if failed { return nil }  // a misspelt kind was reported as an unknown key already
      error(
        at: node,
        "expectation has no kind; expected one of \(Self.expectationKinds.joined(separator: ", ")) or 'no crash'"
      )
      return nil
    }
    if kinds.count > 1 {
      error(
        at: kinds[1].keyNode,
        "expectation has two kinds, '\(kind.key)' and '\(kinds[1].key)'; put each in its own entry")
      failed = true
    }
    for entry in known {
      guard let parameter = Self.expectationParameters.first(where: { $0.key == entry.key }) else { continue }
      if !parameter.kinds.contains(kind.key) {
        error(
          at: entry.keyNode,
          "'\(entry.key)' does not apply to '\(kind.key)'; it goes with "
            + parameter.kinds.map { "'\($0)'" }.joined(separator: ", "))
        failed = true
      }
    }
    func field(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    var within: Double?
    if let field = field("within") {
      guard let seconds = duration(field.value, for: "within") else { return nil }
      within = seconds
    }
    let result: ExpectationKind?
    switch kind.key {
    case "jobs":
      result = word(kind, "all done").map { _ in .jobsAllDone(within: within) }
    case "duplicates":
      result = integer(kind.value, for: "duplicates", in: 0...Int.max).map { .duplicates($0) }
    case "lost":
      result = integer(kind.value, for: "lost", in: 0...Int.max).map { .lost($0) }
    case "acks":
      result = word(kind, "balanced").map { _ in .acksBalanced }
    case "log":
      result = parseLogExpectation(kind, within: within, field).map { .log($0) }
    case "metric":
      result = parseMetricExpectation(kind, within: within, field).map { .metric($0) }
    case "recovery":
      if let service = expectedService(kind) {
        if let within {
          result = .recovery(service: service, within: within)
        } else {
          error(at: kind.keyNode, "'recovery' needs 'within', e.g. 'within: 3s'")
          result = nil
        }
      } else {
        result = nil
      }
    default:  // backoff
      var tolerance = 0.2
      if let field = field("tolerance") {
        guard let text = text(field.value, for: "tolerance", expected: "a percentage like 20%") else {
          return nil
        }
        guard text.hasSuffix("%"),
          let percent = DecimalText.value(String(text.dropLast()).trimmingWhitespace),
          percent <= 100
        else {
          error(
            at: field.value,
            "bad tolerance \(field.value.foundDescription); expected a percentage from 0% to 100%, like 20%")
          return nil
        }
        tolerance = percent / 100
      }
      var schedule: BackoffSchedule?
      if let field = field("schedule") {
        guard let parsed = parseSchedule(field.value) else { return nil }
        schedule = parsed
      }
      result = expectedService(kind).map { .backoff(service: $0, tolerance: tolerance, schedule: schedule) }
    }
    guard !failed, let result else { return nil }
    return Expectation(kind: result, location: location)
  }

  /// `schedule: { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }` (factor defaults to 2).
  private mutating func parseSchedule(_ node: Node) -> BackoffSchedule? {
    let expected = "a mapping like { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }"
    guard let entries = entries(of: node, in: "'schedule'", expected: expected) else { return nil }
    let known = checkKeys(entries, allowed: ["initial", "max", "factor", "double_after"], in: "'schedule'")
    guard known.count == entries.count else { return nil }
    func entry(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    guard let initialEntry = entry("initial"), let maxEntry = entry("max") else {
      error(at: node, "'schedule' needs 'initial' and 'max', e.g. { initial: 0.3s, max: 3s }")
      return nil
    }
    guard let initial = duration(initialEntry.value, for: "initial"),
      let maximum = duration(maxEntry.value, for: "max")
    else { return nil }
    var schedule = BackoffSchedule(initial: initial, maximum: maximum)
    if let factorEntry = entry("factor") {
      guard let text = text(factorEntry.value, for: "factor", expected: "a number of at least 1"),
        let factor = DecimalText.value(text.trimmingWhitespace), factor >= 1
      else {
        error(
          at: factorEntry.value,
          "'factor' must be a number of at least 1, found \(factorEntry.value.foundDescription)")
        return nil
      }
      schedule.factor = factor
    }
    if let doubleEntry = entry("double_after") {
      guard let count = integer(doubleEntry.value, for: "double_after", in: 1...Int.max) else { return nil }
      schedule.doubleAfter = count
    }
    return schedule
  }

  /// The value must be exactly `expected` (`jobs: all done`, `acks: balanced`).
  private mutating func word(_ entry: MappingEntry, _ expected: String) -> String? {
    guard let text = text(entry.value, for: entry.key, expected: "'\(expected)'") else { return nil }
    guard text.split(whereSeparator: \.isWhitespace).joined(separator: " ") == expected else {
      error(at: entry.value, "'\(entry.key)' must be '\(expected)', found \(entry.value.foundDescription)")
      return nil
    }
    return text
  }

  private mutating func expectedService(_ entry: MappingEntry) -> String? {
    guard let service = text(entry.value, for: entry.key, expected: "a service name") else { return nil }
    guard services[service] != nil else {
      error(
        at: entry.value,
        "'\(entry.key)' names unknown service '\(service.replacingNewlines)'" + serviceHint(service))
      return nil
    }
    return service
  }

  private mutating func parseLogExpectation(
    _ kind: MappingEntry, within: Double?, _ field: (String) -> MappingEntry?
  ) -> LogExpectation? {
    guard let pattern = logPattern(kind.value, for: "log") else { return nil }
    var expectation = LogExpectation(pattern: pattern, within: within)
    var valid = true
    if let from = field("from") {
      if let named = declaredWorker(from.value, for: "from") {
        expectation.from = WorkerNaming.selector(named.worker, index: named.index)
      } else {
        valid = false
      }
    }
    if let count = field("count") {
      if let comparison = countComparison(count.value) {
        expectation.count = comparison
      } else {
        valid = false
      }
    }
    for key in ["before", "after"] {
      guard let anchorField = field(key) else { continue }
      guard let text = text(anchorField.value, for: key, expected: "a log message or a time") else {
        valid = false
        continue
      }
      let anchor: LogAnchor
      if let seconds = DurationText.seconds(text) {
        anchor = .time(seconds)
      } else if let pattern = logPattern(anchorField.value, for: key) {
        anchor = .message(pattern)
      } else {
        valid = false
        continue
      }
      if key == "before" { expectation.before = anchor } else { expectation.after = anchor }
    }
    return valid ? expectation : nil
  }

  private mutating func parseMetricExpectation(
    _ kind: MappingEntry, within: Double?, _ field: (String) -> MappingEntry?
  ) -> MetricExpectation? {
    let expected = "a metric such as 'reconnect_success_total{service=\"redis\"}'"
    guard let text = text(kind.value, for: "metric", expected: expected) else { return nil }
    let selector: MetricSelector
    switch MetricSelector.parse(text) {
    case .success(let parsed): selector = parsed
    case .failure(let problem):
      error(at: kind.value, "bad metric \(kind.value.foundDescription): \(problem); expected \(expected)")
      return nil
    }
    var expectation = MetricExpectation(selector: selector, within: within)
    if let value = field("value") {
      guard let comparison = countComparison(value.value, for: "value") else { return nil }
      expectation.value = comparison
    }
    return expectation
  }

  /// Plain text, or `/regex/` that compiles both as an ICU (NSRegularExpression) and a Swift `Regex`.
  mutating func logPattern(_ node: Node, for key: String) -> LogPattern? {
    guard let text = text(node, for: key, expected: "a log message or /regex/") else { return nil }
    if text.trimmingWhitespace.isEmpty {
      error(at: node, "'\(key)' must be a log message or /regex/, found an empty text")
      return nil
    }
    guard text.count >= 2, text.hasPrefix("/"), text.hasSuffix("/") else { return .text(text) }
    let pattern = String(text.dropFirst().dropLast())
    if let problem = Self.regexProblem(pattern) {
      error(
        at: node, "the regular expression \(node.foundDescription) for '\(key)' does not compile: \(problem)")
      return nil
    }
    return .regex(pattern)
  }

  static func regexProblem(_ pattern: String) -> String? {
    if pattern.isEmpty { return "it is empty" }
    do {
      _ = try Regex(pattern)
    } catch {
      return "\(error)".replacingNewlines
    }
    do {
      _ = try NSRegularExpression(pattern: pattern)
    } catch {
      return "it is not a valid ICU regular expression"
    }
    return nil
  }

  /// `0`, `">= 1"`, `"< 5"`, `"== 2"` (for `count`, and `value` of a metric).
  mutating func countComparison(_ node: Node, for key: String = "count") -> CountComparison? {
    let expected = "a \(key) like 0, \">= 1\" or \"< 5\""
    guard let text = text(node, for: key, expected: expected) else { return nil }
    let trimmed = text.trimmingWhitespace
    let operators = CountComparison.Operator.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
    var op = CountComparison.Operator.equal
    var number = Substring(trimmed)
    if let found = operators.first(where: { trimmed.hasPrefix($0.rawValue) }) {
      op = found
      number = trimmed.dropFirst(found.rawValue.count)
    }
    let digits = String(number).trimmingWhitespace
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else {
      error(
        at: node,
        "bad \(key) \(node.foundDescription); expected \(expected) (an operator ==, >=, <=, >, < and a whole number)"
      )
      return nil
    }
    return CountComparison(op, value)
  }
}
