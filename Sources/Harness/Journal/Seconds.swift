import Foundation
import Scenario

/// Formatting of run times (seconds since the workload started) for the console and evidence.
public enum Seconds {
  /// `  5.0s`, `-1.2s`, ` 12.3s`: one decimal, right-aligned to six characters.
  public static func format(_ value: Double, width: Int = 6) -> String {
    let text = String(format: "%.1fs", value)
    return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  /// `4s`, `250ms`, `1.5s`: a duration as a scenario file would write it.
  public static func duration(_ value: Double) -> String {
    DurationText.text(value)
  }

  /// `0.123s` with three decimals, for measured times.
  public static func precise(_ value: Double) -> String {
    String(format: "%.3fs", value)
  }
}
