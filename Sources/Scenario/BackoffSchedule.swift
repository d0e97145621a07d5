import Yams

/// A reconnection schedule declared in a `backoff:` expectation (`schedule: { initial: 0.3s,
/// max: 3s, factor: 2, double_after: 3 }`): the n-th wait (1-based) is
/// min(initial × factorⁿ⁻¹, max), doubled again (still capped) from the `double_after`-th
/// consecutive failure on — the worker loop's rule in the seed. With `step:` instead of `factor:`
/// the waits grow linearly, min(initial + (n − 1) × step, max): kombu's and Celery's retries at
/// 2, 4, 6 s are `{ initial: 2s, step: 2s, max: 6s }`.
public struct BackoffSchedule: Sendable, Equatable {
  public var initial: Double
  public var maximum: Double
  public var factor: Double
  public var doubleAfter: Int?
  /// Seconds added to each wait instead of multiplying it by `factor`; nil for an exponential schedule.
  public var step: Double?

  public init(
    initial: Double, maximum: Double, factor: Double = 2, doubleAfter: Int? = nil, step: Double? = nil
  ) {
    self.initial = initial
    self.maximum = maximum
    self.factor = factor
    self.doubleAfter = doubleAfter
    self.step = step
  }

  /// The n-th wait (1-based): after the n-th consecutive failure, before attempt n.
  public func delay(_ n: Int) -> Double {
    var value = initial
    for _ in 1..<max(n, 1) where value < maximum {
      if let step { value += step } else { value *= factor }
    }
    if let doubleAfter, n >= doubleAfter { value *= 2 }
    return min(value, maximum)
  }

  /// `initial 0.3 s, max 3 s, ×2, doubled again from failure 3`; `initial 2 s, max 6 s, +2 s`.
  public var description: String {
    let growth = step.map { "+\(Self.format($0)) s" } ?? "×\(Self.format(factor))"
    var text = "initial \(Self.format(initial)) s, max \(Self.format(maximum)) s, \(growth)"
    if let doubleAfter { text += ", doubled again from failure \(doubleAfter)" }
    return text
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}

extension BackoffSchedule {
  /// `schedule: { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }` (factor defaults to 2), or
  /// linear: `{ initial: 2s, step: 2s, max: 6s }`.
  public static func parse(_ node: Node, _ parser: inout ScenarioParser) -> BackoffSchedule? {
    let expected = "a mapping like { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }"
    guard let entries = parser.entries(of: node, in: "'schedule'", expected: expected) else { return nil }
    let known = parser.checkKeys(
      entries, allowed: ["initial", "max", "factor", "double_after", "step"], in: "'schedule'")
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
    if let stepEntry = entry("step") {
      guard entry("factor") == nil else {
        let second = known.last { $0.key == "factor" || $0.key == "step" } ?? stepEntry
        parser.error(
          at: second.keyNode,
          "'schedule' takes 'factor' (each wait multiplied) or 'step' (each wait longer by a duration), not both"
        )
        return nil
      }
      guard let step = parser.duration(stepEntry.value, for: "step") else { return nil }
      guard step > 0 else {
        parser.error(
          at: stepEntry.value, "'step' must be longer than 0s, found \(stepEntry.value.foundDescription)")
        return nil
      }
      schedule.step = step
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
