/// The verdict on one `expect:` entry, with what it was decided on.
public struct ExpectationResult: Sendable, Equatable, Codable {
  /// The expectation as written, e.g. `jobs: all done within 60s`.
  public var expectation: String
  /// `file:line:column` of the entry.
  public var location: String
  public var passed: Bool
  /// True when there was nothing to decide it by (no verdict); then `passed` is false.
  public var unknown: Bool?
  /// One line: the measured value against the claim.
  public var summary: String
  /// Counts, matching log lines with their times, measured delays.
  public var evidence: [String]

  public init(expectation: String, location: String, passed: Bool, summary: String, evidence: [String] = []) {
    self.expectation = expectation
    self.location = location
    self.passed = passed
    unknown = nil
    self.summary = summary
    self.evidence = evidence
  }
}
