/// How an expectation came out: held, did not hold, or could not be judged (its witness is missing).
public enum CheckOutcome: String, Sendable, Equatable, Codable {
  case pass, fail, unknown

  /// The console and report mark: `✔`, `✘`, `?`.
  public var mark: String {
    switch self {
    case .pass: return "✔"
    case .fail: return "✘"
    case .unknown: return "?"
    }
  }
}
