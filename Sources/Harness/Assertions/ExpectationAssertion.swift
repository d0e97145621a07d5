import Scenario

/// One kind of expectation, decided from a finished run's journal alone.
public protocol ExpectationAssertion: Sendable {
  func evaluate(_ journal: RunJournal) -> Verdict
}

/// What an assertion found: pass or fail, one line, and the evidence.
public struct Verdict: Sendable, Equatable {
  public var passed: Bool
  public var summary: String
  public var evidence: [String]

  public init(passed: Bool, summary: String, evidence: [String] = []) {
    self.passed = passed
    self.summary = summary
    self.evidence = evidence
  }

  static func pass(_ summary: String, _ evidence: [String] = []) -> Verdict {
    Verdict(passed: true, summary: summary, evidence: evidence)
  }

  static func fail(_ summary: String, _ evidence: [String] = []) -> Verdict {
    Verdict(passed: false, summary: summary, evidence: evidence)
  }
}

/// Decides `expect:` entries: picks the assertion for each kind and wraps its verdict.
public enum ExpectationEvaluator {
  public static func assertion(for kind: ExpectationKind) -> any ExpectationAssertion {
    switch kind {
    case .jobsAllDone(let within): return JobsDoneAssertion(within: within)
    case .duplicates(let count): return DuplicatesAssertion(maximum: count)
    case .lost(let count): return LostAssertion(maximum: count)
    case .acksBalanced: return AcksBalancedAssertion()
    case .log(let log): return LogAssertion(log)
    case .recovery(let service, let within): return RecoveryAssertion(service: service, within: within)
    case .backoff(let service, let tolerance, let schedule):
      return BackoffAssertion(service: service, tolerance: tolerance, schedule: schedule)
    case .noCrash: return NoCrashAssertion()
    }
  }

  public static func evaluate(_ expectation: Expectation, in journal: RunJournal) -> ExpectationResult {
    let verdict = assertion(for: expectation.kind).evaluate(journal)
    return ExpectationResult(
      expectation: ExpectationText.describe(expectation.kind), location: expectation.location.description,
      passed: verdict.passed, summary: verdict.summary, evidence: verdict.evidence)
  }

  public static func evaluate(_ expectations: [Expectation], in journal: RunJournal) -> [ExpectationResult] {
    expectations.map { evaluate($0, in: journal) }
  }
}
