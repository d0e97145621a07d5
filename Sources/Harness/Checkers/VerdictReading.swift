/// How `jobs: all done`, `lost:` and `duplicates:` read the last verdict of the check command
/// (`check:`), and what they say when there is none: UNKNOWN, never "lost".
enum VerdictReading {
  /// Whether the run's jobs are judged by a check command's verdict: the scenario names `check:`,
  /// or feeds its system through a workload command (then the built-in pipeline checker knows
  /// nothing of its jobs).
  static func judgesByCommand(_ journal: RunJournal) -> Bool {
    journal.scenario.check != nil || journal.scenario.workloadCommand != nil
  }

  /// `check: expected 200, done 200, lost 0, duplicates 0 (exit 0), run 7 at 12.3s`.
  static func line(_ verdict: CheckVerdict) -> String {
    "check: \(verdict.summary), run \(verdict.run) at \(Seconds.format(verdict.time, width: 0))"
  }

  /// The verdict an expectation is judged on, or why there is none (an unknown result).
  static func verdict(in journal: RunJournal) -> Result<CheckVerdict, Verdict> {
    guard let verdict = journal.verdict else {
      return .failure(
        .unknown(
          "no verdict: the scenario has no 'check:' command",
          ["nothing reported which jobs are done, lost or duplicated; add 'check:' (docs/bring-your-own.md)"])
      )
    }
    guard verdict.hasReport else {
      return .failure(
        .unknown("no verdict: the check printed no JSON object", [line(verdict), verdict.problem ?? ""]))
    }
    return .success(verdict)
  }

  /// Decides by the last verdict, or returns why there is none.
  static func judge(_ journal: RunJournal, _ decide: (CheckVerdict, [String]) -> Verdict) -> Verdict {
    var result: Verdict
    switch verdict(in: journal) {
    case .failure(let unknown): result = unknown
    case .success(let verdict): result = decide(verdict, [line(verdict)])
    }
    result.witness = "verdict"
    return result
  }

  /// `lost: N` / `duplicates: N`: at most `maximum` ids in the verdict's list (unknown without one).
  static func judgeIds(
    _ journal: RunJournal, list name: String, _ list: KeyPath<CheckVerdict, [String]?>, noun: String,
    maximum: Int
  ) -> Verdict {
    judge(journal) { verdict, evidence in
      var evidence = evidence
      guard let ids = verdict[keyPath: list] else {
        return .unknown("no verdict: the check's report has no '\(name)' list", evidence)
      }
      if !ids.isEmpty { evidence.append("\(name): \(Self.ids(ids))") }
      if ids.count > maximum {
        return .fail("\(ids.count) \(noun), at most \(maximum) allowed (check)", evidence)
      }
      return .pass("\(ids.count) \(noun) (at most \(maximum); check)", evidence)
    }
  }

  /// Ids for the evidence, at most 20.
  static func ids(_ ids: [String]) -> String {
    ids.prefix(20).joined(separator: " ") + (ids.count > 20 ? " … (\(ids.count) in all)" : "")
  }
}

extension Verdict: Error {}
