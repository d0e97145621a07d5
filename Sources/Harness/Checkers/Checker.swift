import Scenario

/// One kind of expectation (`jobs`, `lost`, `acks`, `log`, …): its `.scn` syntax and report text
/// (``ExpectationClaim``) and its judgement from a finished run's journal alone. Each kind is one
/// file; ``Checkers/all`` lists them (docs/harness.md, "Adding an expectation kind").
public protocol Checker: ExpectationClaim {
  /// What the checker reads: `verdict` (the check command's report), `logs`, `wire` (the proxy's
  /// protocol tap), `exits`, `timeline`.
  static var witness: String { get }
  /// False for a checker that reads the journal's tallies (``JobTally``, ``AckTally``) and exits,
  /// not every worker line: it can judge a run that held only its latest lines (a soak).
  static var needsEveryLine: Bool { get }
  /// For a checker that needs every line: the records of the event stream it reads, given the
  /// journal held (its timeline, scenario). A run that held only its latest records is judged on
  /// a replay of its stream keeping these (``StreamReplay``); nil = unknown in such a run.
  func interest(in journal: RunJournal) -> StreamInterest?
  /// Pass, fail, or unknown when the witness it needs is missing.
  func evaluate(_ journal: RunJournal) -> Verdict
  /// What keeps this harness from judging the claim in `model`, before anything starts (a scenario
  /// built in code may name what the parser would have refused); `HarnessValidation` adds the location.
  func problems(in model: ScenarioModel) -> [String]
}

extension Checker {
  public static var needsEveryLine: Bool { true }
  public func interest(in journal: RunJournal) -> StreamInterest? { nil }
  public func problems(in model: ScenarioModel) -> [String] { [] }

  /// `recovery:` and `backoff:` name a service (or a proxy in front of one).
  static func undeclared(_ service: String, in model: ScenarioModel) -> [String] {
    model.services.contains { $0.name == service } || model.proxies.contains { $0.name == service }
      ? [] : ["\(service) is not a declared service"]
  }
}

/// What a checker found: pass, fail or unknown, one line, the evidence, and the witness it used.
public struct Verdict: Sendable, Equatable {
  public var outcome: CheckOutcome
  public var summary: String
  public var evidence: [String]
  /// What the verdict rests on; nil = the checker's ``Checker/witness``.
  public var witness: String?

  public init(outcome: CheckOutcome, summary: String, evidence: [String] = [], witness: String? = nil) {
    self.outcome = outcome
    self.summary = summary
    self.evidence = evidence
    self.witness = witness
  }

  public var passed: Bool { outcome == .pass }

  public static func pass(_ summary: String, _ evidence: [String] = []) -> Verdict {
    Verdict(outcome: .pass, summary: summary, evidence: evidence)
  }

  public static func fail(_ summary: String, _ evidence: [String] = []) -> Verdict {
    Verdict(outcome: .fail, summary: summary, evidence: evidence)
  }

  /// The witness the claim needs is missing: the claim is neither shown nor refuted.
  public static func unknown(_ reason: String, _ evidence: [String] = []) -> Verdict {
    Verdict(outcome: .unknown, summary: reason, evidence: evidence)
  }
}

/// Decides `expect:` entries: finds the checker for each kind in ``Checkers`` and records its verdict.
public enum ExpectationEvaluator {
  /// `replay`: the journal is a replay of the run's stream for this checker (said in the evidence).
  public static func evaluate(
    _ expectation: Expectation, in journal: RunJournal, replay: String? = nil
  ) -> ExpectationResult {
    let text = expectation.kind.description
    guard let checker = expectation.kind as? any Checker else {
      return ExpectationResult(
        expectation: text, location: expectation.location.description, outcome: .unknown,
        summary: "no checker is registered for this kind of expectation")
    }
    if journal.holdsOnlyLatest, type(of: checker).needsEveryLine {
      let dropped = [
        (journal.droppedEvents, "worker lines"), (journal.droppedLinks, "link events"),
        (journal.droppedScrapes, "scrapes"),
      ].compactMap { count, what in count.map { "\($0) \(what)" } }
      return ExpectationResult(
        expectation: text, location: expectation.location.description, outcome: .unknown,
        summary: "only the latest records were held in memory (\(dropped.joined(separator: ", ")) older "
          + "ones are in the run's event stream on disk, which could not be replayed); this kind reads every one",
        witness: type(of: checker).witness)
    }
    let verdict = checker.evaluate(journal)
    return ExpectationResult(
      expectation: text, location: expectation.location.description, outcome: verdict.outcome,
      summary: verdict.summary, evidence: verdict.evidence + (replay.map { [$0] } ?? []),
      witness: verdict.witness ?? type(of: checker).witness)
  }

  /// Every expectation of a run. When the journal held only its latest records (a soak), the
  /// checkers that read every record and declare their ``Checker/interest(in:)`` are judged on one
  /// replay of the event stream at `stream` that keeps only what each needs.
  public static func evaluate(
    _ expectations: [Expectation], in journal: RunJournal, stream: String? = nil
  ) -> [ExpectationResult] {
    var replayed: [Int: StreamReplay.Replayed] = [:]
    if journal.holdsOnlyLatest, let stream {
      let interested = expectations.indices.compactMap { index -> (Int, StreamInterest)? in
        guard let checker = expectations[index].kind as? any Checker, type(of: checker).needsEveryLine,
          let interest = checker.interest(in: journal)
        else { return nil }
        return (index, interest)
      }
      if !interested.isEmpty,
        let journals = StreamReplay.replay(stream, interests: interested.map(\.1), into: journal)
      {
        for (position, (index, _)) in interested.enumerated() { replayed[index] = journals[position] }
      }
    }
    return expectations.indices.map { index in
      guard let replay = replayed[index] else { return evaluate(expectations[index], in: journal) }
      return evaluate(
        expectations[index], in: replay.journal,
        replay:
          "judged on a replay of the event stream on disk: \(replay.kept) of its \(replay.total) records "
          + "kept (only the latest were held in memory)")
    }
  }
}
