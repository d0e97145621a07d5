import LogVocabulary

extension PipelineReport {
  /// `fed 300, done 300, stuck 0, lost 0, duplicates 0`, with the stuck phases when there are any.
  public var summary: String {
    let phases = stuck.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
    return "fed \(fed), done \(done), stuck \(stuckTotal)"
      + (phases.isEmpty ? "" : " (\(phases.joined(separator: ", ")))")
      + ", lost \(lost), duplicates \(duplicates)"
  }
}

/// One run of the pipeline checker: its report, or why there is none.
public struct CheckerRun: Sendable, Equatable, Codable {
  /// Seconds since the workload started.
  public var time: Double
  public var exitStatus: Int32?
  public var report: PipelineReport?
  /// The checker's output when it could not be decoded, or the error that kept it from running.
  public var problem: String?

  /// The same run read as the check contract's verdict (`chaos-worker check --verdict`).
  public func verdict(expected: Int) -> CheckVerdict {
    guard let report else {
      return CheckVerdict(time: time, run: 1, exitStatus: exitStatus, problem: problem ?? "no report")
    }
    return CheckVerdict(
      time: time, run: 1, exitStatus: exitStatus, expected: expected, done: report.done, lost: report.lostIds,
      duplicates: report.duplicateIds)
  }

  public init(time: Double, exitStatus: Int32?, report: PipelineReport?, problem: String?) {
    self.time = time
    self.exitStatus = exitStatus
    self.report = report
    self.problem = problem
  }
}
