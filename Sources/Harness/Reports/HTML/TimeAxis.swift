/// Maps run times (seconds since the workload started) to x positions in the report's charts. Every
/// chart uses the same axis, so a fault window lines up with the throughput dip below it.
public struct TimeAxis: Sendable, Equatable {
  /// Width of the lane labels on the left, in pixels.
  public static let labelWidth = 170.0
  /// Width of the plotting area, in pixels.
  public static let plotWidth = 1130.0
  /// Blank space right of the plot.
  public static let rightMargin = 20.0
  public static var totalWidth: Double { labelWidth + plotWidth + rightMargin }

  /// The first and last second shown.
  public var start: Double
  public var end: Double

  public init(start: Double, end: Double) {
    self.start = start
    self.end = end > start ? end : start + 1
  }

  /// The x position of `time`, clamped to the plot.
  public func x(_ time: Double) -> Double {
    let clamped = min(max(time, start), end)
    return TimeAxis.labelWidth + (clamped - start) / (end - start) * TimeAxis.plotWidth
  }

  /// Tick times: a round step giving about 8 to 16 ticks.
  public var ticks: [Double] {
    let span = end - start
    let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]
    let step = steps.first { span / $0 <= 16 } ?? 7200
    var tick = (start / step).rounded(.up) * step
    var result: [Double] = []
    while tick <= end + 1e-9 {
      result.append(tick)
      tick += step
    }
    return result
  }

  /// `45s`, `2m`, `1m30s`, `1h5m`: a tick or duration label.
  public static func label(_ seconds: Double) -> String {
    let negative = seconds < 0
    let total = Int(abs(seconds).rounded())
    let hours = total / 3600
    let minutes = (total % 3600) / 60
    let rest = total % 60
    var text: String
    if hours > 0 {
      text = "\(hours)h" + (minutes > 0 ? "\(minutes)m" : "")
    } else if minutes > 0 {
      text = "\(minutes)m" + (rest > 0 ? "\(rest)s" : "")
    } else {
      text = "\(rest)s"
    }
    if negative { text = "-" + text }
    return text
  }
}
