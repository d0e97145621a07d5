import Foundation
import LogVocabulary
import Scenario

/// `--report FILE.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched)
/// that shows what happened when. Per scenario: what ran and its verdict; a timeline with a lane
/// per service (fault windows) and a lane per worker instance (disconnections, reconnect attempts,
/// reconnections, exits); jobs done per second and jobs in flight on the same time axis; the
/// timeline steps as run; and the expectations with their evidence. Every text is escaped; the
/// page is well-formed XHTML as well as HTML.
public enum HTMLReport {
  /// A page for a suite run: one section per scenario.
  public static func render(_ outcomes: [RunOutcome], title: String = "chaos run") -> String {
    page(title: title, body: outcomes.map { section($0) }.joined(separator: "\n"))
  }

  /// A page for one run with extra sections after its own (the soak's checks and resources).
  /// - Parameter verdict: the badge when it is not the run's own (a soak also fails on a leak).
  public static func render(
    _ outcome: RunOutcome, title: String, extra: [HTMLSection], verdict: (passed: Bool, text: String)? = nil
  ) -> String {
    let extras = extra.map { "<h3>\(HTMLText.escape($0.title))</h3>\n\($0.body)" }.joined(separator: "\n")
    return page(title: title, body: section(outcome, extra: extras, verdict: verdict))
  }

  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1"/>
    <title>\(HTMLText.escape(title))</title>
    <style>
    \(HTMLReportStyle.css)
    </style>
    </head>
    <body>
    <h1>\(HTMLText.escape(title))</h1>
    \(body)
    </body>
    </html>

    """
  }

  /// The time span the charts show: from 0 (or the first step, if earlier) to the end of the
  /// workload — the last step, fed document, completion or worker trouble, or the checker's start.
  public static func axis(for journal: RunJournal) -> TimeAxis {
    var end = 0.0
    var start = 0.0
    for record in journal.timeline {
      if let started = record.startedAt {
        end = max(end, started, record.endedAt ?? started)
        start = min(start, started)
      }
    }
    if let fed = journal.feedFinishedAt { end = max(end, fed) }
    if let check = journal.checker?.time { end = max(end, check) }
    for event in journal.events where event.time > end {
      if let message = event.message,
        message == LogEvent.jobDone || message == LogEvent.reconnectAttempt
          || ReportLanes.reconnectedMessages[message] != nil || ReportLanes.disconnectMessages[message] != nil
      {
        end = event.time
      }
    }
    if end <= start { end = max(start + 1, journal.scenario.deadline) }
    return TimeAxis(start: start, end: end + (end - start) * 0.01)
  }

  static func section(_ outcome: RunOutcome, extra: String = "", verdict: (passed: Bool, text: String)? = nil)
    -> String
  {
    let journal = outcome.journal
    let axis = axis(for: journal)
    var html: [String] = []
    var (statusClass, statusText): (String, String)
    switch outcome.status {
    case .passed: (statusClass, statusText) = ("passed", "passed")
    case .failed: (statusClass, statusText) = ("failed", "failed")
    case .couldNotRun: (statusClass, statusText) = ("error", "could not run")
    }
    if let verdict { (statusClass, statusText) = (verdict.passed ? "passed" : "failed", verdict.text) }
    html.append("<section class=\"scenario\" data-scenario=\"\(HTMLText.escape(journal.scenario.name))\">")
    html.append(
      "<h2>\(HTMLText.escape(journal.scenario.name))<span class=\"status \(statusClass)\">\(statusText)</span></h2>"
    )
    html.append(meta(outcome))
    if !journal.errors.isEmpty {
      html.append("<div class=\"errors\">\(HTMLText.escape(journal.errors.joined(separator: "\n")))</div>")
    }
    if case .couldNotRun = outcome.status, journal.events.isEmpty,
      journal.timeline.allSatisfy({ $0.startedAt == nil })
    {
      html.append("</section>")
      return html.joined(separator: "\n")
    }
    var lanes = ReportLanes(journal)
    // The harness stops every worker after the checker: those exits are not events of the run.
    let shutdown = journal.checker?.time ?? .infinity
    for index in lanes.workers.indices {
      lanes.workers[index].marks.removeAll {
        $0.time > axis.end || $0.time < axis.start - 1 || ($0.mark == .exit && $0.time >= shutdown)
      }
    }
    html.append("<h3>Timeline</h3>")
    html.append(SVGTimeline.render(lanes, axis: axis))
    html.append(legend(lanes))
    let series = ReportSeries(journal, start: axis.start, end: axis.end)
    let bands: [SVGChart.Band] = lanes.services.flatMap { lane in
      lane.windows.map { (start: $0.start, end: $0.end, color: ReportColors.service(lane.kind)) }
    }
    let times = series.throughput.indices.map { series.start + Double($0) * series.binWidth }
    html.append(
      SVGChart(
        name: "Throughput", unit: "jobs done / s",
        series: [SVGChart.Series(label: "jobs done / s", points: Array(zip(times, series.throughput)))],
        style: .bars(width: series.binWidth), bands: bands
      ).render(axis: axis))
    html.append(
      SVGChart(
        name: "In flight", unit: "jobs created, not done",
        series: [
          SVGChart.Series(
            label: "jobs in flight", points: Array(zip(times.map { $0 + series.binWidth }, series.inFlight)))
        ],
        style: .lines, bands: bands
      ).render(axis: axis))
    html.append(serviceChart(journal, axis: axis, bands: bands))
    html.append(contentsOf: metricCharts(journal, bands: bands, axis: axis))
    html.append(
      "<p class=\"note\">Bins of \(TimeAxis.label(series.binWidth)). Times are seconds since the workload "
        + "started; hover a shape for its exact times and log line.</p>")
    html.append(stepsTable(journal))
    html.append(linksTable(journal))
    html.append(expectationsTable(journal))
    if !extra.isEmpty { html.append(extra) }
    html.append("</section>")
    return html.joined(separator: "\n")
  }

  /// One chart per selector of the scenario's `metric:` expectations: its value at each scrape.
  static func metricCharts(_ journal: RunJournal, bands: [SVGChart.Band], axis: TimeAxis) -> [String] {
    guard let scrapes = journal.metrics, !scrapes.isEmpty else { return [] }
    var seen: Set<String> = []
    return (journal.scenario.plottedMetrics ?? []).compactMap { text in
      guard seen.insert(text).inserted, case .success(let selector) = MetricSelector.parse(text) else {
        return nil
      }
      let points = MetricValues(selector, in: scrapes).series().map { ($0.time, $0.value) }
      return SVGChart(
        name: "Metric", unit: text, series: [SVGChart.Series(label: text, points: points)], style: .lines,
        bands: bands
      ).render(axis: axis)
    }
  }

  static func meta(_ outcome: RunOutcome) -> String {
    let journal = outcome.journal
    let scenario = journal.scenario
    let formatter = ISO8601DateFormatter()
    var rows: [(String, String)] = [("file", scenario.file)]
    if !scenario.about.isEmpty { rows.append(("about", scenario.about)) }
    rows.append(("seed", String(scenario.seed)))
    rows.append(("started", formatter.string(from: journal.startedAt)))
    rows.append(("wall time", Seconds.precise(outcome.wallTime)))
    let workers = scenario.workers.filter { $0.value > 0 }.sorted { $0.key < $1.key }
    if !workers.isEmpty {
      rows.append(("workers", workers.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")))
    }
    if scenario.jobs > 0 {
      rows.append(
        (
          "workload",
          "\(journal.fed) of \(scenario.jobs) jobs fed"
            + (scenario.rate.map { " at \(HTMLText.number($0))/s" } ?? "")
        ))
    }
    if let report = journal.checker?.report { rows.append(("checker", report.summary)) }
    if let problem = journal.checker?.problem { rows.append(("checker", problem)) }
    if let interrupted = journal.interrupted { rows.append(("interrupted", interrupted)) }
    let phases = journal.phases.sorted { $0.key < $1.key }
    if !phases.isEmpty {
      rows.append(("phases", phases.map { "\($0.key) \(Seconds.precise($0.value))" }.joined(separator: ", ")))
    }
    let cells = rows.map { "<tr><td>\(HTMLText.escape($0.0))</td><td>\(HTMLText.escape($0.1))</td></tr>" }
    return "<table class=\"meta\">\n" + cells.joined(separator: "\n") + "\n</table>"
  }

  static func legend(_ lanes: ReportLanes) -> String {
    func item(_ shape: String, _ text: String) -> String {
      "<span><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\">\(shape)</svg>\(HTMLText.escape(text))</span>"
    }
    var items: [String] = []
    for kind in Set(lanes.services.map(\.kind)).sorted() where !kind.isEmpty {
      items.append(
        item(
          "<rect x=\"1\" y=\"3\" width=\"12\" height=\"8\" fill=\"\(ReportColors.service(kind))\"/>",
          "\(kind) fault / cut off from \(kind)"))
    }
    let color = ReportColors.mark
    items.append(item("<path d=\"M2 3h10l-5 9z\" fill=\"\(color(.disconnect))\"/>", "lost connection"))
    items.append(
      item(
        "<circle cx=\"7\" cy=\"7\" r=\"3\" fill=\"#fff\" stroke=\"\(color(.attempt))\" stroke-width=\"1.5\"/>",
        "reconnect attempt"))
    items.append(item("<circle cx=\"7\" cy=\"7\" r=\"5\" fill=\"\(color(.reconnected))\"/>", "reconnected"))
    items.append(
      item(
        "<path d=\"M2 2l10 10m0 -10l-10 10\" stroke=\"\(color(.gaveUp))\" stroke-width=\"2.5\"/>", "gave up"))
    items.append(
      item("<rect x=\"5\" y=\"0\" width=\"4\" height=\"14\" fill=\"\(color(.exit))\"/>", "process exit"))
    items.append(item("<path d=\"M2 12h10l-5 -9z\" fill=\"\(color(.started))\"/>", "new process"))
    if lanes.workers.contains(where: { $0.marks.contains { $0.mark == .wireAttempt } }) {
      items.append(
        item(
          "<rect x=\"6\" y=\"4\" width=\"2\" height=\"6\" fill=\"\(color(.wireAttempt))\"/>", "attempt (wire)"
        ))
      items.append(
        item("<path d=\"M7 2l5 5l-5 5l-5 -5z\" fill=\"\(color(.wireExchange))\"/>", "first exchange (wire)"))
    }
    return "<div class=\"legend\">" + items.joined() + "</div>"
  }

  static func stepsTable(_ journal: RunJournal) -> String {
    guard !journal.timeline.isEmpty else { return "" }
    var rows = [
      "<tr><th>step</th><th>trigger</th><th>started</th><th>ended</th><th>window</th><th>note</th></tr>"
    ]
    for record in journal.timeline.sorted(by: {
      ($0.startedAt ?? .infinity, $0.index) < ($1.startedAt ?? .infinity, $1.index)
    }) {
      let started = record.startedAt.map { Seconds.format($0).trimmed } ?? "never fired"
      let ended =
        record.endedAt.map { Seconds.format($0).trimmed } ?? (record.startedAt == nil ? "" : "still in place")
      let window =
        record.startedAt.flatMap { start in record.endedAt.map { Seconds.precise($0 - start) } } ?? ""
      rows.append(
        "<tr class=\"step\(record.failsRun ? " fail" : "")\"><td>\(HTMLText.escape(record.description))</td>"
          + "<td>\(HTMLText.escape(record.trigger))</td><td>\(started)</td><td>\(HTMLText.escape(ended))</td>"
          + "<td>\(window)</td><td>\(HTMLText.escape(note(record)))</td></tr>")
    }
    return "<h3>Steps</h3>\n<table class=\"steps\">\n" + rows.joined(separator: "\n") + "\n</table>"
  }

  /// What the step did (its effect), or why it did not fire or take effect.
  private static func note(_ record: StepRecord) -> String {
    if record.startedAt == nil || record.error != nil {
      return StepResults.failure(record) + (record.optional == true ? " (optional)" : "")
    }
    return record.effect ?? ""
  }

  static func expectationsTable(_ journal: RunJournal) -> String {
    guard !journal.results.isEmpty else {
      return journal.scenario.expectations.isEmpty
        ? "" : "<h3>Expectations</h3>\n<p class=\"note\">Not decided: the run did not finish.</p>"
    }
    var rows = ["<tr><th></th><th>expectation</th><th>result</th><th>evidence</th></tr>"]
    for result in journal.results {
      let evidence = result.evidence.prefix(result.passed ? 6 : 30).map { "<li>\(HTMLText.escape($0))</li>" }
      let more =
        result.evidence.count > evidence.count
        ? "<li>… \(result.evidence.count - evidence.count) more</li>" : ""
      rows.append(
        "<tr class=\"expectation \(result.outcome.rawValue)\"><td class=\"verdict\">"
          + result.outcome.mark + "</td><td>\(HTMLText.escape(result.expectation))"
          + "<div class=\"note\">\(HTMLText.escape(result.location))</div></td>"
          + "<td>\(result.outcome == .unknown ? "unknown: " : "")\(HTMLText.escape(result.summary))"
          + (result.witness.map { "<div class=\"note\">witness: \(HTMLText.escape($0))</div>" } ?? "")
          + "</td>"
          + "<td><ul class=\"evidence\">\(evidence.joined())\(more)</ul></td></tr>")
    }
    return "<h3>Expectations</h3>\n<table class=\"expectations\">\n" + rows.joined(separator: "\n")
      + "\n</table>"
  }
}
