import LogVocabulary

/// Per-interval figures for the report's charts, from the workers' events: jobs done per second
/// (distinct `job.done` without `duplicate: true`) and jobs in flight (created but not done yet).
public struct ReportSeries: Sendable, Equatable {
  /// Seconds per bin.
  public var binWidth: Double
  /// Start time of the first bin.
  public var start: Double
  /// Jobs done per second in each bin.
  public var throughput: [Double]
  /// Jobs created and not done yet at the end of each bin.
  public var inFlight: [Double]

  public init(_ journal: RunJournal, start: Double, end: Double) {
    let width = ReportSeries.binWidth(span: end - start)
    let count = max(1, Int(((end - start) / width).rounded(.up)))
    var done = [Double](repeating: 0, count: count)
    var created = [Double](repeating: 0, count: count)
    var completed: Set<String> = []
    var started: Set<String> = []
    var createdBefore = 0.0
    var doneBefore = 0.0
    for event in journal.events {
      guard let message = event.message, let job = event["job"]?.stringValue else { continue }
      let bin = Int(((event.time - start) / width).rounded(.down))
      if message == LogEvent.jobCreated, started.insert(job).inserted {
        if bin < 0 { createdBefore += 1 } else if bin < count { created[bin] += 1 }
      } else if message == LogEvent.jobDone, event["duplicate"]?.boolValue != true,
        completed.insert(job).inserted
      {
        if bin < 0 { doneBefore += 1 } else if bin < count { done[bin] += 1 }
      }
    }
    var flight: [Double] = []
    var createdSoFar = createdBefore
    var doneSoFar = doneBefore
    for index in 0..<count {
      createdSoFar += created[index]
      doneSoFar += done[index]
      flight.append(max(0, createdSoFar - doneSoFar))
    }
    binWidth = width
    self.start = start
    throughput = done.map { $0 / width }
    inFlight = flight
  }

  /// 1 s bins up to 4 minutes, then a round width giving at most about 240 bins.
  static func binWidth(span: Double) -> Double {
    let widths: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300]
    return widths.first { span / $0 <= 240 } ?? 600
  }
}
