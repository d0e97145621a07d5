import LogVocabulary
import Scenario

/// `jobs: all done` (`within: 60s`): every fed job completed, by the checker's count in Redis and
/// by the workers' `job.done` events, and the last distinct completion came within the limit
/// (seconds from the workload start). Every `job.done` counts as evidence that its job is done, also
/// one with `duplicate: true`: a completion whose reply was lost (a Redis timeout after the script
/// ran) is only ever logged that way, on its redelivery. Double completions are the `duplicates`
/// assertion's business (the checker's completion counts).
public struct JobsDoneChecker: Checker {
  public static let witness = "verdict and logs"
  public static let needsEveryLine = false

  public static let key = "jobs"
  public static let parameters = ["within"]

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    parser.word(entry.claim, "all done").map { _ in Self(within: entry.within) }
  }

  public var within: Double?

  public init(within: Double?) {
    self.within = within
  }

  public var description: String {
    "jobs: all done" + (within.map { " within \(Seconds.duration($0))" } ?? "")
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    if VerdictReading.judgesByCommand(journal) {
      return fromVerdict(journal)
    }
    let expected = journal.scenario.jobs
    guard expected > 0 else { return .pass("the workload has no jobs") }
    let completedAt = (journal.jobTally ?? JobTally(journal.events)).firstDone
    let times = completedAt.values.sorted()
    var evidence = [
      "\(journal.fed) of \(expected) documents fed"
        + (journal.feedFinishedAt.map { ", the last at \(Seconds.format($0, width: 0))" } ?? "")
    ]
    evidence.append("\(completedAt.count) distinct jobs completed in the workers' logs")
    let allDoneAt = times.count >= expected ? times[expected - 1] : nil
    if let allDoneAt {
      evidence.append("all \(expected) done at \(Seconds.precise(allDoneAt)) after the workload started")
    } else if let last = times.last {
      evidence.append("the last completion logged at \(Seconds.precise(last))")
    }
    guard let report = journal.checker?.report else {
      evidence.append("checker: \(journal.checker?.problem ?? "did not run")")
      return .unknown(
        "no verdict: the check did not report; \(completedAt.count)/\(expected) completions logged", evidence)
    }
    evidence.insert("checker: \(report.summary)", at: 0)
    guard report.done >= expected else {
      return .fail("\(report.done)/\(expected) jobs done (checker)", evidence)
    }
    guard let allDoneAt else {
      return .fail(
        "the checker counts \(report.done) done but the workers logged \(completedAt.count) completions",
        evidence)
    }
    if let within, allDoneAt > within {
      return .fail(
        "all \(expected) done at \(Seconds.precise(allDoneAt)), later than \(Seconds.duration(within))",
        evidence)
    }
    return .pass(
      "\(expected)/\(expected) done at \(Seconds.precise(allDoneAt))"
        + (within.map { " (limit \(Seconds.duration($0)))" } ?? ""), evidence)
  }

  /// By the check command's last verdict: it passed (exit 0), `done` reaches `expected` when both
  /// are given, and (with `within`) a run first passed in time.
  private func fromVerdict(_ journal: RunJournal) -> Verdict {
    VerdictReading.judge(journal) { verdict, evidence in fromVerdict(verdict, evidence, journal) }
  }

  private func fromVerdict(_ verdict: CheckVerdict, _ evidence: [String], _ journal: RunJournal) -> Verdict {
    var evidence = evidence
    if let exit = journal.workloadExit {
      evidence.append(
        "workload `\(exit.command)` exited with status \(exit.status) at \(Seconds.format(exit.time, width: 0))"
      )
    }
    let counts = verdict.done.map { done in verdict.expected.map { "\(done)/\($0)" } ?? "\(done)" }
    if let done = verdict.done, let expected = verdict.expected, done < expected {
      return .fail("\(done)/\(expected) jobs done (check)", evidence)
    }
    guard verdict.passed else {
      return .fail(
        "the check exits \(verdict.exitStatus.map(String.init) ?? "abnormally"): not all done"
          + (counts.map { " (\($0) done)" } ?? ""), evidence)
    }
    let passedAt = journal.verdictPassedAt ?? verdict.time
    if let within, passedAt > within {
      return .fail(
        "the check first passed at \(Seconds.precise(passedAt)), later than \(Seconds.duration(within))",
        evidence)
    }
    return .pass(
      "\(counts.map { "\($0) done, " } ?? "")the check passed at \(Seconds.precise(passedAt))"
        + (within.map { " (limit \(Seconds.duration($0)))" } ?? ""), evidence)
  }
}
