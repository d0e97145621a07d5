/// One problem in a scenario file: where it is, what was found and what was expected.
///
/// Rendered the way compilers do, so editors and CI logs make the location clickable:
/// `scenarios/x.scn:12:5: error: unknown key 'delya' in timeline step; did you mean 'delay'?`
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
  public var location: SourceLocation
  public var message: String

  public init(location: SourceLocation, message: String) {
    self.location = location
    self.message = message
  }

  public var description: String { "\(location): error: \(message)" }
}

/// Every problem found in one scenario file (validation collects them all, not just the first).
public struct ScenarioErrors: Error, Sendable, Equatable, CustomStringConvertible {
  public var errors: [ScenarioError]

  public init(_ errors: [ScenarioError]) {
    self.errors = errors
  }

  /// One rendered error per line, in file order.
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}
