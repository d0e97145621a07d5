import Foundation

/// Everything that happened in one scenario run: the scenario, the timeline as it ran, every line
/// the workers wrote, every exit, the checker's report and every verdict. Assertions are pure
/// functions of a journal, and `--json` writes it out whole.
public struct RunJournal: Sendable, Equatable, Codable {
  public var scenario: ScenarioSummary
  /// Wall-clock time the run started.
  public var startedAt: Date
  /// Seconds from the run's start to the workload's start (service boot and worker start-up).
  public var workloadStartOffset: Double?
  /// The run's temp dir (removed at the end unless `--keep`).
  public var directory: String?
  /// Where the services listen (`redis` → `127.0.0.1:40123`, `proxy redis` → …).
  public var endpoints: [String: String]
  public var timeline: [StepRecord]
  public var events: [WorkerEvent]
  public var exits: [WorkerExit]
  /// Documents pushed into the inbox, and when the last one went in (seconds since the workload started).
  public var fed: Int
  public var feedFinishedAt: Double?
  /// Seconds from time 0 to the end of the workload and the timeline (every job done, everything
  /// fed, every step over — or the deadline or an interrupt), before the settle and the check.
  public var workloadEndedAt: Double?
  /// Services that ran on a node shared by the whole suite (``SharedBroker``), not on their own;
  /// nil when there were none (and in journals written before this field existed).
  public var sharedServices: [String]?
  /// Services that ran on a private RabbitMQ node the suite had booted ahead
  /// (``PrivateBrokerPool``) instead of one booted by the scenario; nil when there were none.
  public var prebootedServices: [String]?
  public var checker: CheckerRun?
  /// The last run of the verdict command (`check:`), nil when none ran.
  public var verdict: CheckVerdict?
  /// When a run of the verdict command first passed (seconds since the workload started).
  public var verdictPassedAt: Double?
  /// The workload command's exit, once it ended.
  public var workloadExit: CommandExit?
  public var results: [ExpectationResult]
  /// Why the harness could not run the scenario (or a part of it).
  public var errors: [String]
  /// Seconds spent per phase: `boot`, `workload`, `settle`, `check`, `teardown`.
  public var phases: [String: Double]
  /// True when the run was cut short by SIGINT/SIGTERM or the deadline.
  public var interrupted: String?
  /// Per proxy, what its protocol tap saw (read after the check and again once the workers exited).
  public var taps: [String: ProxyTapLedger]
  /// The proxy engine's diagnostic lines (unreachable upstreams), instead of stderr.
  public var proxyLog: [ProxyDiagnostic]
  /// The scrapes of the workers' `/metrics` and the proxy's, in time order; nil when the scenario
  /// did not ask for metrics (``Scenario/ScenarioModel/scrapesMetrics``). While a run lasts each
  /// scrape is held with only the samples a `metric:` expectation selects (every sample is in the
  /// event stream on disk, and back in a replayed stream).
  public var metrics: [MetricScrape]?
  /// Every metric name scraped so far (the samples held are only the selected ones); nil in
  /// journals written before it existed.
  public var metricNames: Set<String>?
  /// The proxies' link events, tied to worker processes (the wire witness of `recovery:` and
  /// `backoff:`), in time order; nil in journals written before it existed. Events of the stream
  /// like the worker lines: a soak holds only the latest.
  public var links: [LinkRecord]?
  /// The services' own view of their clients, sampled during the run; nil when none was taken.
  public var serviceSamples: [ServiceSample]?
  /// Summaries kept as the lines arrived, for the checkers when `events` holds only the latest
  /// lines (a soak); nil in a recorded journal (the checkers fold `events`).
  public var jobTally: JobTally?
  public var ackTally: AckTally?
  /// Lines recorded but no longer held in `events` (they are in the run's event stream on disk).
  public var droppedEvents: Int?
  /// Link events and scrapes recorded but no longer held in `links` and `metrics` (on disk too).
  public var droppedLinks: Int?
  public var droppedScrapes: Int?

  /// True when some record of the stream is no longer held in memory: a checker that reads every
  /// record is then judged by replaying the stream on disk (``StreamReplay``).
  public var holdsOnlyLatest: Bool {
    (droppedEvents ?? 0) + (droppedLinks ?? 0) + (droppedScrapes ?? 0) > 0
  }

  public init(scenario: ScenarioSummary, startedAt: Date = Date()) {
    self.scenario = scenario
    self.startedAt = startedAt
    workloadStartOffset = nil
    directory = nil
    endpoints = [:]
    timeline = []
    events = []
    exits = []
    fed = 0
    feedFinishedAt = nil
    workloadEndedAt = nil
    sharedServices = nil
    prebootedServices = nil
    checker = nil
    verdict = nil
    verdictPassedAt = nil
    workloadExit = nil
    results = []
    errors = []
    phases = [:]
    interrupted = nil
    taps = [:]
    proxyLog = []
    metrics = nil
    links = nil
    serviceSamples = nil
  }

  /// The link records of proxies in front of `service` (or of the proxy named so).
  public func links(of service: String) -> [LinkRecord] {
    (links ?? []).filter { $0.service == service || $0.proxy == service }
  }

  /// The timeline steps that took `service` away (a restart, stop/kill/pause, or a cut, blackhole
  /// or reset of a proxy in front of it) and started: the windows `recovery:` and `backoff:` judge.
  public func outages(of service: String) -> [StepRecord] {
    timeline.filter {
      $0.interruptsService && ($0.service == service || $0.target == service) && $0.startedAt != nil
    }
  }

  /// Keeps `verdict` as the latest verdict (and when one first passed).
  public mutating func record(verdict: CheckVerdict) {
    self.verdict = verdict
    if verdict.passed && verdictPassedAt == nil { verdictPassedAt = verdict.time }
  }

  /// The events of one worker instance, in arrival order.
  public func events(of instance: String) -> [WorkerEvent] {
    events.filter { $0.instance == instance }
  }

  /// Every worker instance that wrote at least one line, sorted.
  public var instances: [String] {
    Array(Set(events.map(\.instance))).sorted()
  }
}
