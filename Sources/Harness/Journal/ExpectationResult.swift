/// The verdict on one `expect:` entry, with what it was decided on.
public struct ExpectationResult: Sendable, Equatable, Codable {
  /// The expectation as written, e.g. `jobs: all done within 60s`.
  public var expectation: String
  /// `file:line:column` of the entry.
  public var location: String
  /// Pass, fail, or unknown (the witness the claim needs is missing).
  public var outcome: CheckOutcome
  /// One line: the measured value against the claim (for unknown: the reason).
  public var summary: String
  /// Counts, matching log lines with their times, measured delays.
  public var evidence: [String]
  /// What the verdict rests on: `verdict`, `logs`, `wire`, `exits`, `timeline`.
  public var witness: String?

  public init(
    expectation: String, location: String, outcome: CheckOutcome, summary: String, evidence: [String] = [],
    witness: String? = nil
  ) {
    self.expectation = expectation
    self.location = location
    self.outcome = outcome
    self.summary = summary
    self.evidence = evidence
    self.witness = witness
  }

  public init(expectation: String, location: String, passed: Bool, summary: String, evidence: [String] = []) {
    self.init(
      expectation: expectation, location: location, outcome: passed ? .pass : .fail, summary: summary,
      evidence: evidence)
  }

  /// True only when the expectation held; unknown is not held.
  public var passed: Bool { outcome == .pass }

  private enum CodingKeys: String, CodingKey {
    case expectation, location, outcome, passed, summary, evidence, witness
  }

  /// Reads journals written before `outcome` existed (`passed` only) too.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    expectation = try container.decode(String.self, forKey: .expectation)
    location = try container.decode(String.self, forKey: .location)
    summary = try container.decode(String.self, forKey: .summary)
    evidence = try container.decodeIfPresent([String].self, forKey: .evidence) ?? []
    witness = try container.decodeIfPresent(String.self, forKey: .witness)
    if let outcome = try container.decodeIfPresent(CheckOutcome.self, forKey: .outcome) {
      self.outcome = outcome
    } else {
      outcome = try container.decode(Bool.self, forKey: .passed) ? .pass : .fail
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(expectation, forKey: .expectation)
    try container.encode(location, forKey: .location)
    try container.encode(outcome, forKey: .outcome)
    try container.encode(passed, forKey: .passed)
    try container.encode(summary, forKey: .summary)
    try container.encode(evidence, forKey: .evidence)
    try container.encodeIfPresent(witness, forKey: .witness)
  }
}
