import LogVocabulary
import Scenario

/// `lost: N`: at most N jobs fed but neither done nor in flight anywhere, by the checker.
public struct LostChecker: JobCountLimit {
  public static let key = "lost"
  public static var idList: KeyPath<CheckVerdict, [String]?> { \.lost }
  public static let noun = "jobs lost"
  public var maximum: Int

  public init(maximum: Int) {
    self.maximum = maximum
  }

  public func count(_ report: PipelineReport?, _ journal: RunJournal, evidence: inout [String]) -> Int? {
    evidence.append("the harness fed \(journal.fed) documents")
    guard let report else { return nil }
    evidence.insert("checker: \(report.summary)", at: 0)
    if report.fed < journal.fed {
      evidence.append(
        "the checker saw \(report.fed) fed, \(journal.fed - report.fed) fewer than the harness pushed")
    }
    return report.lost
  }
}
