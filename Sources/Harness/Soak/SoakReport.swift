import Foundation
import LogVocabulary

/// What `chaos soak` prints at the end and adds to its HTML report: the verdict with the seed,
/// the faults drawn, the periodic checks, and resource growth per process.
public enum SoakReport {
  public static func summary(_ soak: SoakOutcome) -> [String] {
    let name = soak.run.journal.scenario.name
    let verdict = soak.interrupted ? "INTERRUPTED" : soak.passed ? "PASSED" : "FAILED"
    var lines = [
      "soak \(name): \(verdict) — seed \(soak.seed), ran \(TimeAxis.label(soak.ran)) of \(TimeAxis.label(soak.duration))"
    ]
    lines.append("  faults drawn: \(soak.schedule.count) (\(faultCounts(soak).joined(separator: ", ")))")
    let fired = soak.run.journal.timeline.filter { $0.startedAt != nil }
    let failedSteps = fired.filter { $0.error != nil }
    lines.append(
      "  faults fired: \(fired.count)"
        + (failedSteps.isEmpty ? "" : ", \(failedSteps.count) could not be carried out"))
    let inconclusive = soak.checks.filter { $0.inconclusive != nil }.count
    lines.append(
      "  checks: \(soak.checks.count - soak.failedChecks.count) of \(soak.checks.count) held"
        + (inconclusive > 0 ? " (\(inconclusive) inconclusive)" : ""))
    for check in soak.failedChecks { lines.append("    \(check.line)") }
    lines.append(
      "  resources, median of the first quarter → the last quarter (a leak: above \(limit(soak))):")
    for growth in soak.growth { lines.append("    " + describe(growth)) }
    if let report = soak.run.journal.checker?.report { lines.append("  at the end: \(report.summary)") }
    return lines
  }

  static func limit(_ soak: SoakOutcome) -> String {
    String(format: "%g %%", soak.plan.maxGrowth * 100)
  }

  static func faultCounts(_ soak: SoakOutcome) -> [String] {
    var counts: [String: Int] = [:]
    for entry in soak.schedule { counts[entry.description, default: 0] += 1 }
    return counts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
  }

  /// `downloader#1  ✔ RSS 14.2 MB → 14.5 MB (+2.1 %), open fds 12 → 12 (+0.0 %), threads 9 → 9 (+0.0 %)`.
  public static func describe(_ growth: ResourceGrowth) -> String {
    let name = growth.process.padding(toLength: max(14, growth.process.count), withPad: " ", startingAt: 0)
    guard !growth.figures.isEmpty else {
      return
        "\(name) ? too few samples (\(growth.samplesFirst) in the first quarter, \(growth.samplesLast) in the last)"
    }
    let mark = growth.leak ? "✘ LEAK" : "✔"
    return "\(name) \(mark) " + growth.figures.map(ResourceGrowth.describe).joined(separator: ", ")
      + (growth.note.map { " — \($0)" } ?? "")
  }

  /// The soak's own parts of the HTML report.
  public static func sections(_ soak: SoakOutcome) -> [HTMLSection] {
    let axis = HTMLReport.axis(for: soak.run.journal)
    var sections: [HTMLSection] = []
    let verdict = soak.interrupted ? "interrupted" : soak.passed ? "passed" : "failed"
    let rows: [(String, String)] = [
      ("verdict", verdict),
      ("seed", "\(soak.seed) (replay with --seed \(soak.seed))"),
      ("duration", "ran \(TimeAxis.label(soak.ran)) of \(TimeAxis.label(soak.duration))"),
      ("faults drawn", "\(soak.schedule.count): " + faultCounts(soak).joined(separator: ", ")),
      ("checks", "\(soak.checks.count - soak.failedChecks.count) of \(soak.checks.count) held"),
      ("leaks", soak.leaks.isEmpty ? "none" : soak.leaks.map(\.process).joined(separator: ", ")),
    ]
    sections.append(
      HTMLSection(
        title: "Soak",
        body: "<table class=\"meta soak\">\n"
          + rows.map { "<tr><td>\(HTMLText.escape($0.0))</td><td>\(HTMLText.escape($0.1))</td></tr>" }.joined(
            separator: "\n") + "\n</table>"))
    var checkRows = [
      "<tr><th></th><th>check</th><th>at</th><th>fed</th><th>done</th><th>stuck</th><th>lost</th>"
        + "<th>duplicates</th><th>problems</th></tr>"
    ]
    for check in soak.checks {
      let mark = check.inconclusive != nil ? "?" : check.passed ? "✔" : "✘"
      let report = check.report
      var notes: [String] = check.problems
      if let inconclusive = check.inconclusive { notes.append("inconclusive: \(inconclusive)") }
      notes += check.evidence.prefix(5)
      func count(_ value: (PipelineReport) -> Int) -> String { report.map { String(value($0)) } ?? "" }
      var cells: [String] = [
        String(check.number), TimeAxis.label(check.time), String(report?.fed ?? check.fed),
      ]
      cells.append(count(\.done))
      cells.append(count(\.stuckTotal))
      cells.append(count(\.lost))
      cells.append(count(\.duplicates))
      cells.append(notes.joined(separator: "\n"))
      checkRows.append(
        "<tr class=\"soak-check \(check.passed ? "pass" : "fail")\"><td class=\"verdict\">\(mark)</td>"
          + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>")
    }
    sections.append(
      HTMLSection(
        title: "Checks every \(TimeAxis.label(soak.plan.checkEvery))",
        body: "<table class=\"checks\">\n" + checkRows.joined(separator: "\n") + "\n</table>"))
    let processes = soak.growth.map(\.process)
    func chart(_ name: String, unit: String, _ value: (ProcessResources) -> Double) -> String {
      SVGChart(
        name: name, unit: unit,
        series: processes.map { process in
          SVGChart.Series(
            label: process,
            points: soak.samples.filter { $0.process == process }.map { ($0.time, value($0.resources)) })
        }, style: .lines, height: 150
      ).render(axis: axis)
    }
    var growthRows = ["<tr><th></th><th>process</th><th>first quarter → last quarter</th></tr>"]
    for growth in soak.growth {
      let text =
        growth.figures.isEmpty
        ? "too few samples" : growth.figures.map(ResourceGrowth.describe).joined(separator: "; ")
      growthRows.append(
        "<tr class=\"growth \(growth.leak ? "fail" : "pass")\"><td class=\"verdict\">\(growth.leak ? "✘" : "✔")</td>"
          + "<td>\(HTMLText.escape(growth.process))</td><td>\(HTMLText.escape(text))"
          + (growth.note.map { "<div class=\"note\">\(HTMLText.escape($0))</div>" } ?? "") + "</td></tr>")
    }
    sections.append(
      HTMLSection(
        title: "Resources (sampled every \(TimeAxis.label(soak.plan.sampleEvery)))",
        body: chart("RSS", unit: "MB") { Double($0.rssKB) / 1024 } + "\n"
          + chart("Open fds", unit: "descriptors") { Double($0.openFDs) } + "\n"
          + chart("Threads", unit: "threads") { Double($0.threads) } + "\n"
          + "<table class=\"growth\">\n" + growthRows.joined(separator: "\n") + "\n</table>"))
    return sections
  }

  public static func html(_ soak: SoakOutcome) -> String {
    HTMLReport.render(
      soak.run, title: "chaos soak: \(soak.run.journal.scenario.name)", extra: sections(soak),
      verdict: (soak.passed, soak.interrupted ? "interrupted" : soak.passed ? "soak passed" : "soak failed"))
  }
}
