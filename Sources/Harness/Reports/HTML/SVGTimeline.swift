/// The report's main picture: a time axis, a lane per service with its fault windows (the same
/// windows shaded faintly across every lane, so cause and effect line up), and a lane per worker
/// instance with its disconnections, reconnect attempts, reconnections and process exits. Every
/// shape has a `<title>` (a tooltip) with the exact times and the logged line.
public enum SVGTimeline {
  static let axisHeight = 26.0
  static let serviceLaneHeight = 34.0
  static let workerLaneHeight = 24.0
  static let gap = 10.0

  public static func height(_ lanes: ReportLanes) -> Double {
    axisHeight + Double(lanes.services.count) * serviceLaneHeight + gap
      + Double(lanes.workers.count) * workerLaneHeight + 4
  }

  public static func render(_ lanes: ReportLanes, axis: TimeAxis) -> String {
    let height = height(lanes)
    let n = HTMLText.number
    var svg = [
      "<svg class=\"timeline\" width=\"\(n(TimeAxis.totalWidth))\" "
        + "height=\"\(n(height))\" viewBox=\"0 0 \(n(TimeAxis.totalWidth)) \(n(height))\" role=\"img\">"
    ]
    // Lane backgrounds first, then the grid and the fault bands over them, then the contents.
    var backgroundY = axisHeight
    for index in lanes.services.indices {
      svg.append(laneBackground(y: backgroundY, height: serviceLaneHeight, odd: index % 2 == 1))
      backgroundY += serviceLaneHeight
    }
    backgroundY += gap
    for index in lanes.workers.indices {
      svg.append(laneBackground(y: backgroundY, height: workerLaneHeight, odd: index % 2 == 1))
      backgroundY += workerLaneHeight
    }
    // Grid and tick labels.
    for tick in axis.ticks {
      let x = axis.x(tick)
      svg.append(
        "<line class=\"grid\" x1=\"\(n(x))\" y1=\"\(n(axisHeight - 6))\" x2=\"\(n(x))\" y2=\"\(n(height))\"/>"
      )
      svg.append(
        "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(axisHeight - 10))\" text-anchor=\"middle\">"
          + "\(HTMLText.escape(TimeAxis.label(tick)))</text>")
    }
    // Faint bands of every service fault across the whole picture.
    for lane in lanes.services {
      for window in lane.windows {
        let (x, width) = span(window.start, window.end, axis: axis)
        svg.append(
          "<rect class=\"band\" x=\"\(n(x))\" y=\"\(n(axisHeight))\" width=\"\(n(width))\" "
            + "height=\"\(n(height - axisHeight))\" fill=\"\(ReportColors.service(lane.kind))\"/>")
      }
    }
    var y = axisHeight
    for lane in lanes.services {
      let label = lane.kind.isEmpty || lane.kind == lane.name ? lane.name : "\(lane.name) (\(lane.kind))"
      svg.append(
        "<text class=\"lane-label service-label\" x=\"8\" y=\"\(n(y + serviceLaneHeight / 2 + 4))\">"
          + "\(HTMLText.escape(label))</text>")
      // A label may use the room up to the next window's start (or the plot's end).
      let starts = lane.windows.map(\.start).sorted()
      for window in lane.windows {
        let next =
          starts.first { $0 > window.start }.map { axis.x($0) } ?? TimeAxis.labelWidth + TimeAxis.plotWidth
        svg.append(
          faultRect(
            window, kind: lane.kind, y: y + 5, height: serviceLaneHeight - 10, axis: axis,
            labelRoomUntil: next))
      }
      y += serviceLaneHeight
    }
    y += gap
    svg.append(
      "<line class=\"separator\" x1=\"0\" y1=\"\(n(y - gap / 2))\" x2=\"\(n(TimeAxis.totalWidth))\" "
        + "y2=\"\(n(y - gap / 2))\"/>")
    for lane in lanes.workers {
      svg.append(
        "<text class=\"lane-label worker-label\" x=\"8\" y=\"\(n(y + workerLaneHeight / 2 + 4))\">"
          + "\(HTMLText.escape(lane.instance))</text>")
      let middle = y + workerLaneHeight / 2
      for disconnection in lane.disconnections {
        let (x, width) = span(disconnection.start, disconnection.end, axis: axis)
        let until = disconnection.end.map { Seconds.format($0).trimmed } ?? "the end (never reconnected)"
        svg.append(
          "<rect class=\"disconnected\" data-service=\"\(HTMLText.escape(disconnection.service))\" "
            + "x=\"\(n(x))\" y=\"\(n(middle - 6))\" width=\"\(n(width))\" height=\"12\" "
            + "fill=\"\(ReportColors.service(disconnection.service))\"><title>"
            + HTMLText.escape(
              "\(lane.instance) cut off from \(disconnection.service): "
                + "\(Seconds.format(disconnection.start).trimmed) → \(until)")
            + "</title></rect>")
      }
      for window in lanes.workerSteps[lane.instance] ?? [] {
        let x = axis.x(window.start)
        svg.append(
          "<line class=\"worker-step\" x1=\"\(n(x))\" y1=\"\(n(y + 1))\" x2=\"\(n(x))\" "
            + "y2=\"\(n(y + workerLaneHeight - 1))\"><title>"
            + HTMLText.escape("\(Seconds.format(window.start).trimmed) \(window.description)")
            + "</title></line>")
      }
      for mark in lane.marks { svg.append(symbol(mark, x: axis.x(mark.time), y: middle)) }
      y += workerLaneHeight
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }

  /// x and width of a window; an instant one is 3 px wide, an open one runs to the end.
  static func span(_ start: Double, _ end: Double?, axis: TimeAxis) -> (x: Double, width: Double) {
    let x = axis.x(start)
    let right = axis.x(end ?? axis.end)
    return (x, max(3, right - x))
  }

  private static func laneBackground(y: Double, height: Double, odd: Bool) -> String {
    let n = HTMLText.number
    return
      "<rect class=\"lane\(odd ? " odd" : "")\" x=\"0\" y=\"\(n(y))\" width=\"\(n(TimeAxis.totalWidth))\" "
      + "height=\"\(n(height))\"/>"
  }

  private static func faultRect(
    _ window: ReportLanes.FaultWindow, kind: String, y: Double, height: Double, axis: TimeAxis,
    labelRoomUntil limit: Double
  ) -> String {
    let n = HTMLText.number
    let (x, width) = span(window.start, window.end, axis: axis)
    let end = window.end.map { "\(Seconds.format($0).trimmed) (\(Seconds.precise($0 - window.start)))" }
    let tooltip =
      "\(window.description): \(Seconds.format(window.start).trimmed) → \(end ?? "still in place at the end")"
      + (window.error.map { " — FAILED: \($0)" } ?? "")
    var classes = "fault"
    if window.end == nil { classes += " open" }
    if window.error != nil { classes += " failed" }
    var shape =
      "<g class=\"fault-window\" data-step=\"\(window.step)\"><rect class=\"\(classes)\" x=\"\(n(x))\" "
      + "y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(ReportColors.service(kind))\">"
      + "<title>\(HTMLText.escape(tooltip))</title></rect>"
    // The step's name inside the window, or after it when there is room before the next one.
    let label = window.description
    let labelWidth = Double(label.count) * 6.2
    let inside = width > labelWidth + 6
    if inside || x + width + labelWidth + 6 < limit {
      shape +=
        "<text class=\"fault-label\(inside ? " inside" : "")\" x=\"\(n(inside ? x + 4 : x + width + 3))\" "
        + "y=\"\(n(y + height / 2 + 4))\">\(HTMLText.escape(label))</text>"
    }
    return shape + "</g>"
  }

  private static func symbol(_ mark: ReportLanes.WorkerMark, x: Double, y: Double) -> String {
    let n = HTMLText.number
    let color = ReportColors.mark(mark.mark)
    let title = "<title>\(HTMLText.escape("\(Seconds.format(mark.time).trimmed) \(mark.text)"))</title>"
    let data = "class=\"mark \(mark.mark.rawValue)\" data-time=\"\(n(mark.time))\""
    switch mark.mark {
    case .disconnect:
      return "<path \(data) d=\"M\(n(x - 5)) \(n(y - 7))h10l-5 9z\" fill=\"\(color)\">\(title)</path>"
    case .attempt:
      return "<circle \(data) cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\" fill=\"#fff\" stroke=\"\(color)\" "
        + "stroke-width=\"1.5\">\(title)</circle>"
    case .reconnected:
      return "<circle \(data) cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"5\" fill=\"\(color)\">\(title)</circle>"
    case .gaveUp:
      return "<path \(data) d=\"M\(n(x - 5)) \(n(y - 5))l10 10m0 -10l-10 10\" stroke=\"\(color)\" "
        + "stroke-width=\"2.5\">\(title)</path>"
    case .exit:
      return
        "<rect \(data) x=\"\(n(x - 2))\" y=\"\(n(y - 9))\" width=\"4\" height=\"18\" fill=\"\(color)\">\(title)</rect>"
    case .started:
      return "<path \(data) d=\"M\(n(x - 5)) \(n(y + 7))h10l-5 -9z\" fill=\"\(color)\">\(title)</path>"
    case .wireAttempt:
      return
        "<rect \(data) x=\"\(n(x - 1))\" y=\"\(n(y + 6))\" width=\"2\" height=\"5\" fill=\"\(color)\">\(title)</rect>"
    case .wireExchange:
      return "<path \(data) d=\"M\(n(x)) \(n(y + 5))l4 4l-4 4l-4 -4z\" fill=\"\(color)\">\(title)</path>"
    }
  }
}

extension String {
  /// Without surrounding spaces (`Seconds.format` pads to a width).
  var trimmed: String {
    var text = Substring(self)
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
  }
}
