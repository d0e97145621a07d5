import Scenario

/// How a soak ended: the underlying run (journal, expectations), the periodic checks, the
/// resource samples and the growth verdicts.
public struct SoakOutcome: Sendable {
  public var run: RunOutcome
  public var plan: SoakPlan
  public var seed: UInt64
  /// The soak's intended length, and how much of it ran (less after Ctrl-C).
  public var duration: Double
  public var ran: Double
  /// The faults drawn, as `at` time and description.
  public var schedule: [(time: Double, description: String)]
  public var checks: [SoakCheck]
  public var samples: [ResourceSample]
  public var growth: [ResourceGrowth]
  /// True when Ctrl-C (or SIGTERM) ended it early.
  public var interrupted: Bool

  public var leaks: [ResourceGrowth] { growth.filter(\.leak) }
  public var failedChecks: [SoakCheck] { checks.filter { !$0.passed } }

  /// Every expectation held, every check held, nothing leaked, and it ran to the end.
  public var passed: Bool {
    run.status == .passed && failedChecks.isEmpty && leaks.isEmpty && !interrupted
  }

  /// 0 passed, 1 an expectation, a check or a leak failed, 2 could not run or interrupted.
  public var exitCode: Int32 {
    if interrupted { return 2 }
    if case .couldNotRun = run.status { return 2 }
    return passed ? 0 : 1
  }
}
