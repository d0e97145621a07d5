/// How a scenario run ended and everything it recorded.
public struct RunOutcome: Sendable {
  public enum Status: Sendable, Equatable {
    /// Every expectation held.
    case passed
    /// At least one expectation failed.
    case failed
    /// The scenario is invalid or the harness could not run it.
    case couldNotRun(String)
  }

  public var status: Status
  public var journal: RunJournal
  /// Seconds from start to the end of the teardown.
  public var wallTime: Double
  /// The temp dir, when `--keep` kept it.
  public var keptDirectory: String?

  public init(status: Status, journal: RunJournal, wallTime: Double, keptDirectory: String? = nil) {
    self.status = status
    self.journal = journal
    self.wallTime = wallTime
    self.keptDirectory = keptDirectory
  }

  /// 0 all held, 1 an expectation failed, 2 invalid or could not run.
  public var exitCode: Int32 {
    switch status {
    case .passed: return 0
    case .failed: return 1
    case .couldNotRun: return 2
    }
  }
}
