/// Why the harness could not run a scenario: exit status 2.
public enum HarnessError: Error, Equatable, CustomStringConvertible {
  /// The scenario asks for something the harness cannot do; found before anything starts.
  case invalid(String)
  /// Something the run needs failed (a server did not start, a binary is missing).
  case couldNotRun(String)

  public var description: String {
    switch self {
    case .invalid(let message): return "invalid scenario: \(message)"
    case .couldNotRun(let message): return "could not run: \(message)"
    }
  }

  /// What a run that failed on `error` could not do, without a second "could not run: " when
  /// `error` already is one (the console and the journal add it once).
  public static func reason(of error: any Error) -> String {
    if case .couldNotRun(let message) = error as? HarnessError { return message }
    return "\(error)"
  }
}
