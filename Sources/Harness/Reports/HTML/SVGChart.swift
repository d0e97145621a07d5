/// A small chart on the report's time axis: bars (one per bin) or lines (one per series), a y scale
/// from 0 to a round maximum, and the fault windows shaded behind, so a dip lines up with its cause.
public struct SVGChart: Sendable {
  /// One line (or the bars) of the chart.
  public struct Series: Sendable, Equatable {
    public var label: String
    /// (time, value) points, in time order.
    public var points: [(Double, Double)]

    public init(label: String, points: [(Double, Double)]) {
      self.label = label
      self.points = points
    }

    public static func == (lhs: Series, rhs: Series) -> Bool {
      lhs.label == rhs.label && lhs.points.elementsEqual(rhs.points) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
  }

  public enum Style: Sendable {
    /// One bar per point, `width` seconds wide, starting at the point's time.
    case bars(width: Double)
    case lines
  }

  /// A shaded time span behind the data: (start, end or nil = to the end, colour).
  public typealias Band = (start: Double, end: Double?, color: String)

  public var name: String
  public var unit: String
  public var series: [Series]
  public var style: Style
  public var bands: [Band]
  public var height: Double

  public init(
    name: String, unit: String, series: [Series], style: Style, bands: [Band] = [], height: Double = 130
  ) {
    self.name = name
    self.unit = unit
    self.series = series
    self.style = style
    self.bands = bands
    self.height = height
  }

  static let top = 10.0
  static let bottom = 18.0

  /// A round number at or above `value` (1, 2, 2.5, 5 × 10ⁿ).
  static func roundMaximum(_ value: Double) -> Double {
    guard value > 0 else { return 1 }
    var magnitude = 1.0
    while magnitude * 10 <= value { magnitude *= 10 }
    while magnitude > value { magnitude /= 10 }
    for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value { return factor * magnitude }
    return 10 * magnitude
  }

  public func render(axis: TimeAxis) -> String {
    let n = HTMLText.number
    let plotTop = SVGChart.top
    let plotBottom = height - SVGChart.bottom
    let maximum = SVGChart.roundMaximum(series.flatMap { $0.points.map(\.1) }.max() ?? 0)
    func y(_ value: Double) -> Double { plotBottom - min(value, maximum) / maximum * (plotBottom - plotTop) }
    var svg = [
      "<svg class=\"chart\" data-chart=\"\(HTMLText.escape(name))\" width=\"\(n(TimeAxis.totalWidth))\" "
        + "height=\"\(n(height))\" viewBox=\"0 0 \(n(TimeAxis.totalWidth)) \(n(height))\" role=\"img\">"
    ]
    for band in bands {
      let (x, width) = SVGTimeline.span(band.start, band.end, axis: axis)
      svg.append(
        "<rect class=\"band\" x=\"\(n(x))\" y=\"\(n(plotTop))\" width=\"\(n(width))\" "
          + "height=\"\(n(plotBottom - plotTop))\" fill=\"\(band.color)\"/>")
    }
    for tick in axis.ticks {
      let x = axis.x(tick)
      svg.append(
        "<line class=\"grid\" x1=\"\(n(x))\" y1=\"\(n(plotTop))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\"/>")
      svg.append(
        "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(height - 4))\" text-anchor=\"middle\">"
          + "\(HTMLText.escape(TimeAxis.label(tick)))</text>")
    }
    for value in [0, maximum / 2, maximum] {
      svg.append(
        "<line class=\"hgrid\" x1=\"\(n(TimeAxis.labelWidth))\" y1=\"\(n(y(value)))\" "
          + "x2=\"\(n(TimeAxis.labelWidth + TimeAxis.plotWidth))\" y2=\"\(n(y(value)))\"/>")
      svg.append(
        "<text class=\"ytick\" x=\"\(n(TimeAxis.labelWidth - 6))\" y=\"\(n(y(value) + 4))\" "
          + "text-anchor=\"end\">\(HTMLText.escape(SVGChart.format(value)))</text>")
    }
    svg.append(
      "<text class=\"lane-label\" x=\"8\" y=\"\(n(plotTop + 12))\">\(HTMLText.escape(name))</text>")
    svg.append(
      "<text class=\"unit\" x=\"8\" y=\"\(n(plotTop + 27))\">\(HTMLText.escape(unit))</text>")
    for (index, line) in series.enumerated() {
      let color = ReportColors.series(index)
      switch style {
      case .bars(let width):
        for (time, value) in line.points where value > 0 {
          let x = axis.x(time)
          let barWidth = max(1, axis.x(time + width) - x - 0.5)
          svg.append(
            "<rect class=\"bar\" x=\"\(n(x))\" y=\"\(n(y(value)))\" width=\"\(n(barWidth))\" "
              + "height=\"\(n(plotBottom - y(value)))\" fill=\"\(color)\"><title>"
              + HTMLText.escape(
                "\(TimeAxis.label(time))–\(TimeAxis.label(time + width)): \(SVGChart.format(value)) \(unit)")
              + "</title></rect>")
        }
      case .lines:
        let points = line.points.map { "\(n(axis.x($0.0))),\(n(y($0.1)))" }.joined(separator: " ")
        svg.append(
          "<polyline class=\"series\" data-series=\"\(HTMLText.escape(line.label))\" points=\"\(points)\" "
            + "fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"><title>\(HTMLText.escape(line.label))</title></polyline>"
        )
      }
    }
    svg.append("</svg>")
    if series.count > 1 {
      let items = series.enumerated().map { index, line in
        "<span class=\"key\"><span class=\"swatch\" style=\"background:\(ReportColors.series(index))\"></span>"
          + "\(HTMLText.escape(line.label))</span>"
      }
      svg.append("<div class=\"series-keys\">" + items.joined() + "</div>")
    }
    return svg.joined(separator: "\n")
  }

  /// `12`, `2.5`, `1.25k`.
  static func format(_ value: Double) -> String {
    if value >= 10_000 { return HTMLText.number((value / 1000 * 10).rounded() / 10) + "k" }
    return HTMLText.number(value)
  }
}
