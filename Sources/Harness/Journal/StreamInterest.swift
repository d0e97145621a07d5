/// The records of a run's event stream that one checker reads: a predicate per kind of record.
/// A run that held only its latest records in memory (a soak) is judged by replaying its stream on
/// disk keeping only these (``StreamReplay``), so the memory it takes is bounded by what is
/// relevant to the checker, not by the length of the run.
///
/// The predicates see the records in the order they were recorded and may keep state (the first
/// success after a trouble, say); each replay asks the checker for a fresh interest.
public struct StreamInterest {
  /// Keeps a worker line.
  public var line: (WorkerEvent) -> Bool
  /// Keeps a proxy's link event.
  public var link: (LinkRecord) -> Bool
  /// The scrape as the checker needs it (only some samples, say); nil leaves it out.
  public var scrape: (MetricScrape) -> MetricScrape?

  public init(
    line: @escaping (WorkerEvent) -> Bool = { _ in false },
    link: @escaping (LinkRecord) -> Bool = { _ in false },
    scrape: @escaping (MetricScrape) -> MetricScrape? = { _ in nil }
  ) {
    self.line = line
    self.link = link
    self.scrape = scrape
  }
}
