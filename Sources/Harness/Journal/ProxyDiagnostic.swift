/// A line the proxy engine reported during the run (an upstream that refused a connection while
/// its service was down), kept in the journal instead of flooding stderr.
public struct ProxyDiagnostic: Sendable, Equatable, Codable {
  /// Seconds since the workload started.
  public var time: Double
  public var text: String

  public init(time: Double, text: String) {
    self.time = time
    self.text = text
  }
}
