import LogVocabulary

/// One periodic check of the invariants during a soak.
public struct SoakCheck: Sendable, Equatable {
  /// 1, 2, …
  public var number: Int
  /// Seconds since the workload started, when the check began.
  public var time: Double
  public var fed: Int
  /// What the checker found (nil when it could not run).
  public var report: PipelineReport?
  /// Broken invariants; empty when it held.
  public var problems: [String]
  /// Why the check says nothing (the checker could not reach the services); not a failure.
  public var inconclusive: String?
  /// Lines that back the verdict (overdue jobs, double settlements).
  public var evidence: [String]

  public var passed: Bool { problems.isEmpty }

  public init(
    number: Int, time: Double, fed: Int, report: PipelineReport?, problems: [String], inconclusive: String?,
    evidence: [String]
  ) {
    self.number = number
    self.time = time
    self.fed = fed
    self.report = report
    self.problems = problems
    self.inconclusive = inconclusive
    self.evidence = evidence
  }

  /// `✔ check 3 at 3m0s: fed 1800, done 1790, stuck 10, lost 0, duplicates 0`.
  public var line: String {
    let mark = inconclusive != nil ? "?" : passed ? "✔" : "✘"
    var text = "\(mark) check \(number) at \(TimeAxis.label(time)): "
    if let report { text += report.summary } else { text += "fed \(fed)" }
    if let inconclusive { text += " — inconclusive: \(inconclusive)" }
    if !problems.isEmpty { text += " — " + problems.joined(separator: "; ") }
    return text
  }
}
