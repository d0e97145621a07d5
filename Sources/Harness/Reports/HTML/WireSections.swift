/// The report's sections for the wire and the services' own view: links per worker (from the
/// proxies' link events) and the services' client counts over time.
extension HTMLReport {
  /// One row per worker (or client address) and proxy: its attempts, what became of them, and when.
  static func linksTable(_ journal: RunJournal) -> String {
    let records = journal.links ?? []
    guard !records.isEmpty else { return "" }
    var rows = [
      "<tr><th>worker</th><th>proxy</th><th>attempts</th><th>refused (cut)</th><th>upstream failed</th>"
        + "<th>successful exchanges</th><th>attempts at</th></tr>"
    ]
    let groups = Dictionary(grouping: records) { "\($0.owner)\u{1}\($0.proxy)" }
    for key in groups.keys.sorted() {
      let mine = groups[key] ?? []
      let attempts = mine.filter(\.isAttempt)
      let exchanges = mine.filter { $0.kind == "exchange" }
      let times = attempts.prefix(40).map { Seconds.format($0.time, width: 0) }.joined(separator: " ")
      rows.append(
        "<tr><td>\(HTMLText.escape(mine[0].owner))</td><td>\(HTMLText.escape(mine[0].proxy))</td>"
          + "<td>\(attempts.count)</td><td>\(mine.filter { $0.kind == "refused" }.count)</td>"
          + "<td>\(mine.filter { $0.kind == "connect-failed" }.count)</td>"
          + "<td>\(exchanges.count)</td><td class=\"note\">\(times)\(attempts.count > 40 ? " …" : "")</td></tr>"
      )
    }
    return "<h3>Links per worker (the proxies' view)</h3>\n<table class=\"links\">\n"
      + rows.joined(separator: "\n") + "\n</table>"
  }

  /// The services' client counts as they reported them (Redis `CLIENT LIST`, RabbitMQ connections
  /// and consumers), with the fault windows as bands.
  static func serviceChart(_ journal: RunJournal, axis: TimeAxis, bands: [SVGChart.Band]) -> String {
    let samples = journal.serviceSamples ?? []
    guard !samples.isEmpty else { return "" }
    var series: [SVGChart.Series] = []
    for service in Set(samples.map(\.service)).sorted() {
      let mine = samples.filter { $0.service == service }
      series.append(
        SVGChart.Series(label: "\(service) clients", points: mine.map { ($0.time, Double($0.clients ?? 0)) }))
      let consumers = mine.compactMap { sample in sample.consumers.map { (sample.time, Double($0)) } }
      if !consumers.isEmpty {
        series.append(SVGChart.Series(label: "\(service) consumers", points: consumers))
      }
    }
    return SVGChart(
      name: "Clients as the services saw them", unit: "connections (0 while the service did not answer)",
      series: series, style: .lines, bands: bands
    ).render(axis: axis)
  }
}
