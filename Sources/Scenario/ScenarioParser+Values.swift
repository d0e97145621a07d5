import Yams

/// Typed readers for YAML nodes: each one reports what it found and what it expected.
extension ScenarioParser {
  /// The entries of a mapping node, or nil (and an error) when `node` is something else.
  public mutating func entries(of node: Node, in context: String, expected: String) -> [MappingEntry]? {
    guard case .mapping(let mapping) = node else {
      error(at: node, "\(context) must be \(expected), found \(node.foundDescription)")
      return nil
    }
    var result: [MappingEntry] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key, !key.isNullScalar else {
        error(at: key, "keys in \(context) must be words, found \(key.foundDescription)")
        continue
      }
      result.append(MappingEntry(key: scalar.string, keyNode: key, value: value))
    }
    return result
  }

  /// Reports every key not in `allowed`, with a "did you mean". Returns the allowed entries.
  @discardableResult
  public mutating func checkKeys(_ entries: [MappingEntry], allowed: [String], in context: String)
    -> [MappingEntry]
  {
    var known: [MappingEntry] = []
    for entry in entries {
      if allowed.contains(entry.key) {
        known.append(entry)
      } else {
        let hint = KeySuggestion.hint(for: entry.key, among: allowed)
        error(at: entry.keyNode, "unknown key '\(entry.key.replacingNewlines)' in \(context)\(hint)")
      }
    }
    return known
  }

  /// A scalar's text; nil (and an error) for a mapping, a list or nothing.
  public mutating func text(_ node: Node, for key: String, expected: String = "text") -> String? {
    guard case .scalar(let scalar) = node, !node.isNullScalar else {
      error(at: node, "'\(key)' must be \(expected), found \(node.foundDescription)")
      return nil
    }
    return scalar.string
  }

  /// `true` or `false` (YAML's other spellings of a boolean are refused: one way to write it).
  mutating func boolean(_ node: Node, for key: String) -> Bool? {
    guard let text = text(node, for: key, expected: "true or false") else { return nil }
    switch text.trimmingWhitespace {
    case "true": return true
    case "false": return false
    default:
      error(at: node, "'\(key)' must be true or false, found \(node.foundDescription)")
      return nil
    }
  }

  /// A whole number in `range`.
  public mutating func integer(_ node: Node, for key: String, in range: ClosedRange<Int>) -> Int? {
    let expected =
      range.upperBound == Int.max
      ? "a whole number of at least \(range.lowerBound)"
      : "a whole number from \(range.lowerBound) to \(range.upperBound)"
    guard let text = text(node, for: key, expected: expected) else { return nil }
    return integer(text, at: node, for: key, in: range, expected: expected)
  }

  mutating func integer(
    _ text: String, at node: Node, for key: String, in range: ClosedRange<Int>, expected: String
  ) -> Int? {
    let trimmed = text.trimmingWhitespace
    let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
      error(at: node, "'\(key)' must be \(expected), found \(node.foundDescription)")
      return nil
    }
    guard let value = Int(trimmed), range.contains(value) else {
      error(at: node, "'\(key)' must be \(expected), found \(node.foundDescription)")
      return nil
    }
    return value
  }

  /// A duration in seconds (`250ms`, `3s`, `2m`), at most a day.
  public mutating func duration(_ node: Node, for key: String) -> Double? {
    guard let text = text(node, for: key, expected: "a duration (\(DurationText.expected))") else {
      return nil
    }
    guard let seconds = DurationText.seconds(text) else {
      var hint = ""
      if DecimalText.value(text.trimmingWhitespace) != nil {
        hint = "; did you mean '\(text.trimmingWhitespace)s'?"
      }
      if text.trimmingWhitespace.hasPrefix("-") { hint = "; durations cannot be negative" }
      error(
        at: node,
        "bad duration \(node.foundDescription) for '\(key)'; expected \(DurationText.expected)\(hint)")
      return nil
    }
    guard seconds <= DurationText.maximumSeconds else {
      error(
        at: node,
        "duration \(node.foundDescription) for '\(key)' is too long; the longest accepted is 24h (1440m)")
      return nil
    }
    return seconds
  }
}
