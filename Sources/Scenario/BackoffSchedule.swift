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
