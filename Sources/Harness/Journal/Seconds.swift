import Foundation

/// Formatting of run times (seconds since the workload started) for the console and evidence.
public enum Seconds {
  /// `  5.0s`, `-1.2s`, ` 12.3s`: one decimal, right-aligned to six characters.
  public static func format(_ value: Double, width: Int = 6) -> String {
    let text = String(format: "%.1fs", value)
    return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  /// `4s`, `250ms`, `1.5s`: a duration as a scenario file would write it.
  public static func duration(_ value: Double) -> String {
    if value < 1 && value > 0 { return "\(Int((value * 1000).rounded()))ms" }
    if value == value.rounded() { return "\(Int(value))s" }
    return String(format: "%.3gs", value)
  }

  /// `0.123s` with three decimals, for measured times.
  public static func precise(_ value: Double) -> String {
    String(format: "%.3fs", value)
  }
}
