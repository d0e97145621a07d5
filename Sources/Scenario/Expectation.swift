/// One entry of `expect:`.
public struct Expectation: Sendable, Equatable {
  public var kind: ExpectationKind
  public var location: SourceLocation

  public init(kind: ExpectationKind, location: SourceLocation) {
    self.kind = kind
    self.location = location
  }
}

/// What an expectation claims.
public enum ExpectationKind: Sendable, Equatable {
  /// `jobs: all done`, `within: 60s` (seconds after the workload starts).
  case jobsAllDone(within: Double?)
  /// `duplicates: 0` — jobs completed more than once.
  case duplicates(Int)
  /// `lost: 0` — jobs fed but never done nor in flight.
  case lost(Int)
  /// `acks: balanced` — every delivery acked or nacked exactly once; queues drained.
  case acksBalanced
  case log(LogExpectation)
  /// `recovery: redis`, `within: 3s` — from the service being back to each worker's first success.
  case recovery(service: String, within: Double)
  /// `backoff: redis`, `tolerance: 20%` — reconnect delays follow the configured schedule, or the
  /// declared one (`schedule: { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }`).
  case backoff(service: String, tolerance: Double, schedule: BackoffSchedule? = nil)
  /// `no crash` — no worker exited unexpectedly.
  case noCrash
  /// `metric: 'reconnect_success_total{service="redis"}'`, `value: ">= 1"`, `within: 30s`.
  case metric(MetricExpectation)
}

/// A text to find in the workers' logs: plain (substring of `msg`) or `/regex/`.
public enum LogPattern: Sendable, Equatable, CustomStringConvertible {
  case text(String)
  case regex(String)

  public var description: String {
    switch self {
    case .text(let text): return text
    case .regex(let pattern): return "/\(pattern)/"
    }
  }
}

/// `count: ">= 1"`, `count: 0`, `count: "< 5"`.
public struct CountComparison: Sendable, Equatable, CustomStringConvertible {
  public enum Operator: String, Sendable, Equatable, CaseIterable {
    case equal = "==", atLeast = ">=", atMost = "<=", more = ">", less = "<"
  }
  public var op: Operator
  public var value: Int

  public init(_ op: Operator, _ value: Int) {
    self.op = op
    self.value = value
  }

  public func holds(_ count: Int) -> Bool { holds(value: Double(count)) }

  /// The comparison on a metric's value, which need not be whole.
  public func holds(value number: Double) -> Bool {
    let bound = Double(value)
    switch op {
    case .equal: return number == bound
    case .atLeast: return number >= bound
    case .atMost: return number <= bound
    case .more: return number > bound
    case .less: return number < bound
    }
  }

  public var description: String { "\(op.rawValue) \(value)" }
}

/// A point a log line must come before or after: another log line, or a time after the workload start.
public enum LogAnchor: Sendable, Equatable {
  case message(LogPattern)
  case time(Double)
}

/// `log: Redis reconnection successful`, `from: downloader`, `count: ">= 1"`, `after: 5s`,
/// `before: <other message>`, `within: 10s`.
public struct LogExpectation: Sendable, Equatable {
  public var pattern: LogPattern
  public var from: String?
  /// Default `>= 1`.
  public var count: CountComparison
  public var before: LogAnchor?
  public var after: LogAnchor?
  /// The first match must come within this many seconds of the `after` anchor (or of the workload start).
  public var within: Double?

  public init(
    pattern: LogPattern, from: String? = nil, count: CountComparison = CountComparison(.atLeast, 1),
    before: LogAnchor? = nil, after: LogAnchor? = nil, within: Double? = nil
  ) {
    self.pattern = pattern
    self.from = from
    self.count = count
    self.before = before
    self.after = after
    self.within = within
  }
}
