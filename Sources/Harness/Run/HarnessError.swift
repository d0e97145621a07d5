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
}
