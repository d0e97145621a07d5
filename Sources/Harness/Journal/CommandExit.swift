/// How a command the harness ran to its end (the workload command) ended.
public struct CommandExit: Sendable, Equatable, Codable {
  /// The command as written.
  public var command: String
  /// Seconds since the workload started.
  public var time: Double
  public var status: Int32
  /// Its last output lines (all of them are in the journal's events).
  public var lastLines: [String]

  public init(command: String, time: Double, status: Int32, lastLines: [String]) {
    self.command = command
    self.time = time
    self.status = status
    self.lastLines = lastLines
  }
}
