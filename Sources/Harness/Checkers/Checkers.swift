import Scenario

/// The registry of expectation kinds: every ``Checker`` in one table.
///
/// Adding a kind: its file (the checker, with ``Checker/checking(_:)``) and one line here; the
/// kind's keys are read by the `.scn` parser (see docs/harness.md, "Adding an expectation kind").
public enum Checkers {
  public static let all: [any Checker.Type] = [
    JobsDoneChecker.self,
    DuplicatesChecker.self,
    LostChecker.self,
    AcksBalancedChecker.self,
    LogChecker.self,
    RecoveryChecker.self,
    BackoffChecker.self,
    NoCrashChecker.self,
    MetricChecker.self,
  ]

  /// The first registered checker that takes `kind`.
  public static func checker(for kind: ExpectationKind) -> (any Checker)? {
    for type in all {
      if let checker = type.checking(kind) { return checker }
    }
    return nil
  }
}
