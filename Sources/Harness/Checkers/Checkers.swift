import Scenario

/// The registry of expectation kinds: every ``Checker`` in one table, which is also the table the
/// `.scn` parser reads `expect:` with (``kinds``).
///
/// Adding a kind: its file (one ``Checker``: keys, parsing, text, evaluation) and one line here
/// (docs/harness.md, "Adding an expectation kind").
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

  /// The table for ``ScenarioParser``.
  public static let kinds = ExpectationKinds(all.map { $0 })
}

extension ScenarioParser {
  /// Parses and validates the file at `path` with every registered expectation kind.
  public static func parse(contentsOf path: String) throws -> ScenarioModel {
    try parse(contentsOf: path, expectationKinds: Checkers.kinds)
  }

  /// Parses and validates `text` with every registered expectation kind.
  public static func parse(text: String, file: String) throws -> ScenarioModel {
    try parse(text: text, file: file, expectationKinds: Checkers.kinds)
  }
}
