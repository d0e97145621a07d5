/// How much a process's RSS, open fds and threads grew from the first quarter of the soak to the
/// last: the median of each quarter's samples (a reconnect's extra socket at one sample does not
/// count), compared. Above the limit it is a leak. Only samples of the process's last pid count
/// (a restarted worker starts afresh).
public struct ResourceGrowth: Sendable, Equatable {
  public enum Measure: String, Sendable, CaseIterable {
    case rss = "RSS"
    case fds = "open fds"
    case threads
  }

  public struct Figure: Sendable, Equatable {
    public var measure: Measure
    public var first: Double
    public var last: Double
    /// (last − first) / first; nil when the first quarter's median is 0.
    public var growth: Double?
    /// False for figures reported but not judged.
    public var judged: Bool
    public var leak: Bool
  }

  public var process: String
  public var pid: Int32
  /// Empty when a quarter had fewer than two samples.
  public var figures: [Figure]
  public var samplesFirst: Int
  public var samplesLast: Int
  public var note: String?

  public var leak: Bool { figures.contains(where: \.leak) }

  /// - Parameters:
  ///   - span: the soak's time range (seconds since the workload started) the quarters divide.
  ///   - judged: the measures that fail the soak above `limit` for this process.
  public init(
    process: String, samples: [ResourceSample], span: ClosedRange<Double>, limit: Double,
    judged: Set<Measure> = [.rss, .fds], note: String? = nil
  ) {
    self.process = process
    self.note = note
    let lastPid = samples.last?.pid ?? 0
    pid = lastPid
    let mine = samples.filter { $0.pid == lastPid && $0.process == process }
    let quarter = (span.upperBound - span.lowerBound) / 4
    let first = mine.filter { $0.time < span.lowerBound + quarter }
    let last = mine.filter { $0.time >= span.upperBound - quarter }
    samplesFirst = first.count
    samplesLast = last.count
    guard first.count >= 2, last.count >= 2 else {
      figures = []
      return
    }
    figures = Measure.allCases.map { measure in
      let start = ResourceGrowth.median(first.map { ResourceGrowth.value($0.resources, measure) })
      let end = ResourceGrowth.median(last.map { ResourceGrowth.value($0.resources, measure) })
      let growth = start > 0 ? (end - start) / start : nil
      let isJudged = judged.contains(measure)
      let leak = isJudged && (growth.map { $0 > limit } ?? (end > start))
      return Figure(measure: measure, first: start, last: end, growth: growth, judged: isJudged, leak: leak)
    }
  }

  static func value(_ resources: ProcessResources, _ measure: Measure) -> Double {
    switch measure {
    case .rss: return Double(resources.rssKB)
    case .fds: return Double(resources.openFDs)
    case .threads: return Double(resources.threads)
    }
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// `RSS 14.2 MB → 14.5 MB (+2.1 %)`.
  public static func describe(_ figure: Figure) -> String {
    let growth = figure.growth.map { String(format: "%+.1f %%", $0 * 100) } ?? "n/a"
    func amount(_ value: Double) -> String {
      figure.measure == .rss ? String(format: "%.1f MB", value / 1024) : String(format: "%g", value)
    }
    return "\(figure.measure.rawValue) \(amount(figure.first)) → \(amount(figure.last)) (\(growth))"
      + (figure.judged ? "" : " [not judged]")
  }
}
