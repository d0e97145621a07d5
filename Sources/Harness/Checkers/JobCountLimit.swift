import LogVocabulary
import Scenario

/// `duplicates: N`, `lost: N`: at most N jobs of one sort. With a check command (or a workload
/// command) the verdict's id list judges; otherwise the built-in pipeline checker's report does.
/// What the two kinds share — syntax, text, witness, the verdict and "no report" paths — is here;
/// each kind's file keeps its key, its list and its reading of the built-in report.
public protocol JobCountLimit: Checker {
  /// The verdict's list of ids for this sort (`\.lost`).
  static var idList: KeyPath<CheckVerdict, [String]?> { get }
  /// What the counted jobs are, for summaries: `jobs lost`, `duplicated jobs`.
  static var noun: String { get }
  var maximum: Int { get }
  init(maximum: Int)
  /// The count by the built-in checker's `report` (and the journal), nil without a report; adds
  /// what it read to `evidence` either way.
  func count(_ report: PipelineReport?, _ journal: RunJournal, evidence: inout [String]) -> Int?
}

extension JobCountLimit {
  public static var witness: String { "verdict" }
  public static var needsEveryLine: Bool { false }

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    parser.integer(entry.claim.value, for: key, in: 0...Int.max).map { Self(maximum: $0) }
  }

  public var description: String { "\(Self.key): \(maximum)" }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    if VerdictReading.judgesByCommand(journal) {
      return VerdictReading.judgeIds(journal, list: Self.key, Self.idList, noun: Self.noun, maximum: maximum)
    }
    var evidence: [String] = []
    guard let found = count(journal.checker?.report, journal, evidence: &evidence) else {
      evidence.append("checker: \(journal.checker?.problem ?? "did not run")")
      return .unknown("no verdict: the check did not report", evidence)
    }
    if found > maximum {
      return .fail("\(found) \(Self.noun), at most \(maximum) allowed", evidence)
    }
    return .pass("\(found) \(Self.noun) (at most \(maximum))", evidence)
  }
}
