/// The reconnection delay schedule: delay for attempt n (0-based) = min(initial × 2ⁿ, maximum).
///
/// With the reconnection design's defaults that is 3, 6, 12, 24, 30, 30 … seconds. Jitter is off by default so
/// that the schedule is exact and a scenario can check it from the logs; when on, each delay is
/// multiplied by a factor drawn from 1 ± `jitter`.
public struct Backoff: Sendable, Equatable {
  public var initial: Double
  public var maximum: Double
  /// Relative jitter, 0 (off) … 1.
  public var jitter: Double

  public init(initial: Double, maximum: Double, jitter: Double = 0) {
    self.initial = initial
    self.maximum = maximum
    self.jitter = jitter
  }

  /// The delay before attempt `attempt` (0 = the first attempt).
  public func delay(attempt: Int) -> Double {
    let exponent = min(max(attempt, 0), 62)
    let raw = initial * Double(UInt64(1) << UInt64(exponent))
    return min(raw, maximum)
  }

  /// The delay with jitter applied, using `unit`, a number in 0..<1 from the caller's generator.
  public func delay(attempt: Int, unit: Double) -> Double {
    let base = delay(attempt: attempt)
    guard jitter > 0 else { return base }
    return max(0, base * (1 + jitter * (2 * unit - 1)))
  }

  /// The worker-loop variant from the seed: after 3 consecutive failures the delay is doubled again
  /// (still capped at `maximum`).
  ///
  /// - Parameters:
  ///   - attempt: 0-based attempt number within this reconnection.
  ///   - consecutiveFailures: failures of the worker loop in a row so far, including earlier rounds.
  public func workerLoopDelay(attempt: Int, consecutiveFailures: Int) -> Double {
    let base = delay(attempt: attempt)
    return consecutiveFailures >= 3 ? min(base * 2, maximum) : base
  }

  /// The first `count` delays, for logs and `--help`.
  public func schedule(_ count: Int) -> [Double] {
    (0..<max(count, 0)).map { delay(attempt: $0) }
  }
}
