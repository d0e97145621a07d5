/// `soak:` — a long run with faults drawn at random from the seed instead of a fixed timeline, a
/// continuous workload, and the invariants checked while it runs (DESIGN §5, `chaos soak`).
///
/// ```yaml
/// soak:
///   check_every: 1m      # invariants (lost, stuck, duplicates, acks) checked this often
///   sample_every: 5s     # RSS, open fds and threads of every worker and of chaos itself
///   stuck_after: 1m      # a job not done this long after it was fed counts as stuck
///   drain: 1m            # after the workload, how long the last jobs may take
///   max_growth: 5%       # RSS / fd growth from the first to the last quarter that counts as a leak
///   faults:
///     - reset: rabbitmq
///       every: 20-60s
///     - restart: redis
///       every: 2-5m
///       down: 2s
/// ```
public struct SoakPlan: Sendable, Equatable {
  public var faults: [SoakFault]
  public var checkEvery: Double
  public var sampleEvery: Double
  public var stuckAfter: Double
  public var drain: Double
  /// 0.05 for 5 %.
  public var maxGrowth: Double
  public var location: SourceLocation

  public init(
    faults: [SoakFault] = [], checkEvery: Double = 60, sampleEvery: Double = 5, stuckAfter: Double = 60,
    drain: Double = 60, maxGrowth: Double = 0.05, location: SourceLocation
  ) {
    self.faults = faults
    self.checkEvery = checkEvery
    self.sampleEvery = sampleEvery
    self.stuckAfter = stuckAfter
    self.drain = drain
    self.maxGrowth = maxGrowth
    self.location = location
  }
}

/// One kind of fault in a soak: what it does (a timeline action, with `down:` / `for:` as in the
/// timeline) and how far apart its occurrences are, drawn uniformly from `every`.
public struct SoakFault: Sendable, Equatable {
  public var action: StepAction
  /// Seconds between one occurrence's start and the next one's: drawn from this range.
  public var every: ClosedRange<Double>
  /// `for:` of a lasting proxy fault.
  public var duration: Double?
  public var location: SourceLocation

  public init(
    action: StepAction, every: ClosedRange<Double>, duration: Double? = nil, location: SourceLocation
  ) {
    self.action = action
    self.every = every
    self.duration = duration
    self.location = location
  }
}
