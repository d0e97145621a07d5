/// Rates as written in scenario files: `50/s`, `120/m` (documents per time) and `10KB/s`, `2MB/s`
/// (bandwidth).
public enum RateText {
  /// Events per second from `50/s` or `120/m`; nil when `text` is not such a rate.
  public static func perSecond(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace
    for (suffix, seconds) in [("/s", 1.0), ("/m", 60.0)] where trimmed.hasSuffix(suffix) {
      guard let value = DecimalText.value(String(trimmed.dropLast(suffix.count)).trimmingWhitespace)
      else { return nil }
      return value / seconds
    }
    return nil
  }

  /// Kilobytes per second from `10KB/s` or `2MB/s` (1 MB = 1024 KB); nil when not such a rate.
  public static func kilobytesPerSecond(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace
    for (suffix, factor) in [("KB/s", 1.0), ("MB/s", 1024.0)] where trimmed.hasSuffix(suffix) {
      guard let value = DecimalText.value(String(trimmed.dropLast(suffix.count)).trimmingWhitespace)
      else { return nil }
      return value * factor
    }
    return nil
  }
}
