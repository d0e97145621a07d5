import Scenario

/// `lost: N`: at most N jobs fed but neither done nor in flight anywhere, by the checker.
public struct LostChecker: Checker {
  public static let witness = "verdict"
  public static let needsEveryLine = false

  public static func checking(_ kind: ExpectationKind) -> Self? {
    guard case .lost(let count) = kind else { return nil }
    return Self(maximum: count)
  }

  public var maximum: Int

  public init(maximum: Int) {
    self.maximum = maximum
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    if VerdictReading.judgesByCommand(journal) {
      return VerdictReading.judgeIds(journal, list: "lost", \.lost, noun: "jobs lost", maximum: maximum)
    }
    var evidence = ["the harness fed \(journal.fed) documents"]
    guard let report = journal.checker?.report else {
      evidence.append("checker: \(journal.checker?.problem ?? "did not run")")
      return .unknown("no verdict: the check did not report", evidence)
    }
    evidence.insert("checker: \(report.summary)", at: 0)
    if report.fed < journal.fed {
      evidence.append(
        "the checker saw \(report.fed) fed, \(journal.fed - report.fed) fewer than the harness pushed")
    }
    if report.lost > maximum {
      return .fail("\(report.lost) jobs lost, at most \(maximum) allowed", evidence)
    }
    return .pass("\(report.lost) jobs lost (at most \(maximum))", evidence)
  }
}
