import Foundation
import Yams

/// `expect:` — a list of claims checked after the run, one kind per entry. The kinds come from
/// the parser's ``ExpectationKinds`` table; each reads its own keys (``ExpectationClaim/parse``).
extension ScenarioParser {
  mutating func parseExpectations(_ node: Node) -> [Expectation] {
    guard case .sequence(let sequence) = node else {
      error(at: node, "'expect' must be a list ('- duplicates: 0'), found \(node.foundDescription)")
      return []
    }
    return sequence.compactMap { parseExpectation($0) }
  }

  mutating func parseExpectation(_ node: Node) -> Expectation? {
    let location = location(of: node)
    let table = expectationKinds
    let phrases = table.phrases.map { "'\($0)'" }
    if case .scalar(let scalar) = node, !node.isNullScalar {
      let words = scalar.string.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      if let kind = table.all.first(where: { $0.isPhrase && $0.key == words }) {
        let phrase = MappingEntry(key: words, keyNode: node, value: node)
        guard let claim = kind.parse(ExpectationEntry(claim: phrase, fields: []), &self) else { return nil }
        return Expectation(kind: claim, location: location)
      }
      let hint =
        KeySuggestion.closest(to: words, among: table.phrases).map { "; did you mean '\($0)'?" } ?? ""
      error(
        at: node,
        "unknown expectation \(node.foundDescription); expected \(phrases.joined(separator: ", ")) or a mapping "
          + "such as 'duplicates: 0'\(hint)")
      return nil
    }
    guard
      let entries = entries(
        of: node, in: "an expectation",
        expected: "a mapping ('duplicates: 0') or \(phrases.joined(separator: ", "))")
    else { return nil }
    let known = checkKeys(entries, allowed: table.allowedKeys, in: "expectation")
    var failed = known.count != entries.count
    let kinds = known.filter { table.keys.contains($0.key) }
    guard let claim = kinds.first, let kind = table.named(claim.key) else {
      if failed { return nil }  // a misspelt kind was reported as an unknown key already
      error(
        at: node,
        "expectation has no kind; expected one of \(table.keys.joined(separator: ", ")) or "
          + phrases.joined(separator: ", "))
      return nil
    }
    if kinds.count > 1 {
      error(
        at: kinds[1].keyNode,
        "expectation has two kinds, '\(claim.key)' and '\(kinds[1].key)'; put each in its own entry")
      failed = true
    }
    for entry in known {
      guard let parameter = table.parameters.first(where: { $0.key == entry.key }) else { continue }
      if !parameter.kinds.contains(claim.key) {
        error(
          at: entry.keyNode,
          "'\(entry.key)' does not apply to '\(claim.key)'; it goes with "
            + parameter.kinds.map { "'\($0)'" }.joined(separator: ", "))
        failed = true
      }
    }
    var within: Double?
    if let field = known.first(where: { $0.key == "within" }) {
      guard let seconds = duration(field.value, for: "within") else { return nil }
      within = seconds
    }
    let fields = known.filter { !table.keys.contains($0.key) }
    let result = kind.parse(ExpectationEntry(claim: claim, fields: fields, within: within), &self)
    guard !failed, let result else { return nil }
    return Expectation(kind: result, location: location)
  }

  /// The value must be exactly `expected` (`jobs: all done`, `acks: balanced`).
  public mutating func word(_ entry: MappingEntry, _ expected: String) -> String? {
    guard let text = text(entry.value, for: entry.key, expected: "'\(expected)'") else { return nil }
    guard text.split(whereSeparator: \.isWhitespace).joined(separator: " ") == expected else {
      error(at: entry.value, "'\(entry.key)' must be '\(expected)', found \(entry.value.foundDescription)")
      return nil
    }
    return text
  }

  /// The entry's value names a declared service (`recovery: redis`).
  public mutating func expectedService(_ entry: MappingEntry) -> String? {
    guard let service = text(entry.value, for: entry.key, expected: "a service name") else { return nil }
    guard services[service] != nil else {
      error(
        at: entry.value,
        "'\(entry.key)' names unknown service '\(service.replacingNewlines)'" + serviceHint(service))
      return nil
    }
    return service
  }

  /// Plain text, or `/regex/` that compiles both as an ICU (NSRegularExpression) and a Swift `Regex`.
  public mutating func logPattern(_ node: Node, for key: String) -> LogPattern? {
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
  public mutating func countComparison(_ node: Node, for key: String = "count") -> CountComparison? {
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
