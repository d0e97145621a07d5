import LogVocabulary
import Scenario

/// `duplicates: N`: at most N jobs completed more than once — by the checker's completion records
/// and by the workers' own `job.done` events (a redelivery recognised as a duplicate, logged with
/// `duplicate: true`, is not a duplicate completion).
public struct DuplicatesChecker: JobCountLimit {
  public static let key = "duplicates"
  public static var idList: KeyPath<CheckVerdict, [String]?> { \.duplicates }
  public static let noun = "duplicated jobs"
  public var maximum: Int

  public init(maximum: Int) {
    self.maximum = maximum
  }

  public func count(_ report: PipelineReport?, _ journal: RunJournal, evidence: inout [String]) -> Int? {
    let tally = journal.jobTally ?? JobTally(journal.events)
    let doubled = tally.doubled
    evidence += [
      "\(doubled.count) jobs completed more than once in the workers' logs",
      "\(tally.recognised) redelivered completions recognised as duplicates (not counted again)",
    ]
    evidence += EventQueries.capped(doubled.flatMap(\.lines))
    guard let report else { return nil }
    evidence.insert("checker: \(report.duplicates) duplicated completions", at: 0)
    return max(report.duplicates, doubled.count)
  }
}
