import Yams

/// A reconnection schedule declared in a `backoff:` expectation (`schedule: { initial: 0.3s,
/// max: 3s, factor: 2, double_after: 3 }`): the n-th wait (1-based) is
/// min(initial × factorⁿ⁻¹, max), doubled again (still capped) from the `double_after`-th
/// consecutive failure on — the worker loop's rule in the seed.
public struct BackoffSchedule: Sendable, Equatable {
  public var initial: Double
  public var maximum: Double
  public var factor: Double
  public var doubleAfter: Int?

  public init(initial: Double, maximum: Double, factor: Double = 2, doubleAfter: Int? = nil) {
    self.initial = initial
    self.maximum = maximum
    self.factor = factor
    self.doubleAfter = doubleAfter
  }

  /// The n-th wait (1-based): after the n-th consecutive failure, before attempt n.
  public func delay(_ n: Int) -> Double {
    var value = initial
    for _ in 1..<max(n, 1) where value < maximum { value *= factor }
    if let doubleAfter, n >= doubleAfter { value *= 2 }
    return min(value, maximum)
  }

  /// `initial 0.3 s, max 3 s, ×2, doubled after 3`.
  public var description: String {
    var text = "initial \(Self.format(initial)) s, max \(Self.format(maximum)) s, ×\(Self.format(factor))"
    if let doubleAfter { text += ", doubled again from failure \(doubleAfter)" }
    return text
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}

extension BackoffSchedule {
  /// `schedule: { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }` (factor defaults to 2).
  public static func parse(_ node: Node, _ parser: inout ScenarioParser) -> BackoffSchedule? {
    let expected = "a mapping like { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }"
    guard let entries = parser.entries(of: node, in: "'schedule'", expected: expected) else { return nil }
    let known = parser.checkKeys(
      entries, allowed: ["initial", "max", "factor", "double_after"], in: "'schedule'")
    guard known.count == entries.count else { return nil }
    func entry(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    guard let initialEntry = entry("initial"), let maxEntry = entry("max") else {
      parser.error(at: node, "'schedule' needs 'initial' and 'max', e.g. { initial: 0.3s, max: 3s }")
      return nil
    }
    guard let initial = parser.duration(initialEntry.value, for: "initial"),
      let maximum = parser.duration(maxEntry.value, for: "max")
    else { return nil }
    var schedule = BackoffSchedule(initial: initial, maximum: maximum)
    if let factorEntry = entry("factor") {
      guard let text = parser.text(factorEntry.value, for: "factor", expected: "a number of at least 1"),
        let factor = DecimalText.value(text.trimmingWhitespace), factor >= 1
      else {
        parser.error(
          at: factorEntry.value,
          "'factor' must be a number of at least 1, found \(factorEntry.value.foundDescription)")
        return nil
      }
      schedule.factor = factor
    }
    if let doubleEntry = entry("double_after") {
      guard let count = parser.integer(doubleEntry.value, for: "double_after", in: 1...Int.max) else {
        return nil
      }
      schedule.doubleAfter = count
    }
    return schedule
  }
}
