import LogVocabulary

/// Decides one periodic soak check from the checker's report and the journal so far:
///
/// - **nothing lost or stuck beyond the bound**: every document fed more than `stuckAfter` ago
///   must be done. By the checker: fed − done may not exceed the documents fed within the bound;
///   by the workers' logs: the overdue documents without `job.done` are listed.
/// - **no duplicates**: the checker finds no completion applied twice.
/// - **acks balanced so far**: no delivery acked or nacked twice (``AcksBalancedChecker``; the
///   queues are only required to be empty at the end of the soak, not while work flows).
public enum SoakInvariants {
  /// - Parameters:
  ///   - fedAt: when each fed document went in (seconds since the workload started), in feed order.
  public static func decide(
    number: Int, time: Double, checker: CheckerRun, journal: RunJournal,
    fedAt: [(document: String, time: Double)],
    stuckAfter: Double
  ) -> SoakCheck {
    guard let report = checker.report else {
      return SoakCheck(
        number: number, time: time, fed: fedAt.count, report: nil, problems: [],
        inconclusive: checker.problem?.split(separator: "\n").first.map(String.init) ?? "no report",
        evidence: [])
    }
    var problems: [String] = []
    var evidence: [String] = []
    let recent = fedAt.filter { $0.time >= time - stuckAfter }.count
    let notDone = report.fed - report.done
    if notDone > recent {
      problems.append(
        "\(notDone) jobs not done, but only \(recent) were fed in the last \(TimeAxis.label(stuckAfter))")
    }
    let done = (journal.jobTally ?? JobTally(journal.events)).firstDone
    let overdue = fedAt.filter { $0.time < time - stuckAfter && done[$0.document] == nil }
    if !overdue.isEmpty {
      evidence.append(
        "\(overdue.count) documents fed more than \(TimeAxis.label(stuckAfter)) ago have no job.done:")
      evidence += overdue.prefix(10).map { "  \($0.document) fed at \(Seconds.format($0.time).trimmed)" }
    }
    if report.duplicates > 0 {
      problems.append("\(report.duplicates) jobs completed more than once")
      evidence += (report.examples["duplicates"] ?? []).prefix(10).map { "  duplicate: \($0)" }
    }
    var soFar = journal
    soFar.checker = CheckerRun(
      time: time, exitStatus: checker.exitStatus,
      report: PipelineReport(
        fed: report.fed, done: report.done, stuck: report.stuck, lost: report.lost,
        duplicates: report.duplicates,
        queues: [:]),
      problem: nil)
    soFar.scenario.jobs = report.done > 0 ? soFar.scenario.jobs : 0
    let acks = AcksBalancedChecker().evaluate(soFar)
    if !acks.passed {
      problems.append("acks: \(acks.summary)")
      evidence += acks.evidence.prefix(10)
    }
    return SoakCheck(
      number: number, time: time, fed: fedAt.count, report: report, problems: problems, inconclusive: nil,
      evidence: evidence)
  }
}
