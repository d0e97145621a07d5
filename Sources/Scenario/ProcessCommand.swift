/// A process the harness starts for a scenario: a command worker, a workload command or a check.
/// Values may hold placeholders (``Placeholder``), resolved when the run's addresses are known.
public struct ProcessCommand: Sendable, Equatable {
  /// The argv as written (`["python3", "worker.py"]`), or `["/bin/sh", "-c", line]` for a shell line.
  public var arguments: [String]
  /// True when written as one shell line.
  public var isShellLine: Bool
  /// The working directory, already resolved against the `.scn` file's directory; nil = the harness's.
  public var workingDirectory: String?
  /// Its own environment (over `settings:` for workers), values as written.
  public var environment: [String: String]
  /// Where `command:` is written, for errors about starting it.
  public var location: SourceLocation

  public init(
    arguments: [String], isShellLine: Bool = false, workingDirectory: String? = nil,
    environment: [String: String] = [:], location: SourceLocation
  ) {
    self.arguments = arguments
    self.isShellLine = isShellLine
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.location = location
  }

  /// A shell line run by `/bin/sh -c`.
  public static func shell(
    _ line: String, workingDirectory: String? = nil, environment: [String: String] = [:],
    location: SourceLocation
  ) -> ProcessCommand {
    ProcessCommand(
      arguments: ["/bin/sh", "-c", line], isShellLine: true, workingDirectory: workingDirectory,
      environment: environment, location: location)
  }

  /// The command as a reader would write it, for messages.
  public var displayText: String {
    isShellLine ? arguments.last ?? "" : arguments.joined(separator: " ")
  }
}

/// `check:`: the verdict command, run every `every` seconds.
public struct VerdictCheck: Sendable, Equatable {
  public var command: ProcessCommand
  public var every: Double
  public var location: SourceLocation

  public init(command: ProcessCommand, every: Double = 2, location: SourceLocation) {
    self.command = command
    self.every = every
    self.location = location
  }
}

/// `workload: { publish: { messages, rate, exchange, routing_key, via } }`.
public struct PublishPlan: Sendable, Equatable {
  public var messages: Int
  /// Messages per second; nil = as fast as the broker takes them.
  public var rate: Double?
  public var exchange: String
  /// May hold placeholders (`{run.prefix}tasks`).
  public var routingKey: String
  /// A proxy name (publish through it) or a service name (around the proxies).
  public var via: String
  public var location: SourceLocation

  public init(
    messages: Int, rate: Double? = nil, exchange: String = "", routingKey: String, via: String,
    location: SourceLocation
  ) {
    self.messages = messages
    self.rate = rate
    self.exchange = exchange
    self.routingKey = routingKey
    self.via = via
    self.location = location
  }
}
