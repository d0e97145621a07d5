import LogVocabulary
import Scenario

/// `duplicates: N`: at most N jobs completed more than once — by the checker's completion records
/// and by the workers' own `job.done` events (a redelivery recognised as a duplicate, logged with
/// `duplicate: true`, is not a duplicate completion).
public struct DuplicatesChecker: Checker {
  public static let witness = "verdict"
  public static let needsEveryLine = false

  public static func checking(_ kind: ExpectationKind) -> Self? {
    guard case .duplicates(let count) = kind else { return nil }
    return Self(maximum: count)
  }

  public var maximum: Int

  public init(maximum: Int) {
    self.maximum = maximum
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    if VerdictReading.judgesByCommand(journal) {
      return VerdictReading.judgeIds(
        journal, list: "duplicates", \.duplicates, noun: "duplicated jobs", maximum: maximum)
    }
    let tally = journal.jobTally ?? JobTally(journal.events)
    let doubled = tally.doubled
    let recognised = tally.recognised
    var evidence = [
      "\(doubled.count) jobs completed more than once in the workers' logs",
      "\(recognised) redelivered completions recognised as duplicates (not counted again)",
    ]
    evidence += EventQueries.capped(doubled.flatMap(\.lines))
    guard let report = journal.checker?.report else {
      evidence.append("checker: \(journal.checker?.problem ?? "did not run")")
      return .unknown("no verdict: the check did not report", evidence)
    }
    evidence.insert("checker: \(report.duplicates) duplicated completions", at: 0)
    let worst = max(report.duplicates, doubled.count)
    if worst > maximum {
      return .fail("\(worst) duplicated jobs, at most \(maximum) allowed", evidence)
    }
    return .pass("\(worst) duplicated jobs (at most \(maximum))", evidence)
  }
}
