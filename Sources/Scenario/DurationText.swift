import Foundation

/// Durations as written in scenario files: a non-negative number and a unit, `250ms`, `3s`, `2m`,
/// `1.5s`, `10us`, `2h`. A bare number is not a duration (is `3` seconds or milliseconds?).
public enum DurationText {
  /// The units accepted, with their length in seconds.
  static let units: [(suffix: String, seconds: Double)] = [
    ("us", 0.000_001), ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600),
  ]
  static let unitsLongestFirst = units.sorted { $0.suffix.count > $1.suffix.count }
  /// The longest duration accepted: a day. Keeps every conversion to integer units in range.
  public static let maximumSeconds: Double = 86_400

  /// Seconds, or nil when `text` is not a duration.
  public static func seconds(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace
    for unit in unitsLongestFirst where trimmed.hasSuffix(unit.suffix) {
      let number = String(trimmed.dropLast(unit.suffix.count))
      guard let value = DecimalText.value(number) else { return nil }
      return value * unit.seconds
    }
    return nil
  }

  /// `4s`, `250ms`, `1.5s`: a duration as a scenario file would write it.
  public static func text(_ value: Double) -> String {
    if value < 1 && value > 0 { return "\(Int((value * 1000).rounded()))ms" }
    if value == value.rounded() { return "\(Int(value))s" }
    return String(format: "%.3gs", value)
  }

  /// What a duration looks like, for error messages.
  static let expected = "a number with a unit: 250ms, 3s, 2m, 1.5s"
}
