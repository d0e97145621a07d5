/// The pipeline's roles: the built-in workers (`chaos-worker <role>`).
public enum WorkerRole: String, Sendable, Equatable, CaseIterable {
  case scanner, downloader, translator, consumer
}

/// One entry of `workers:`, addressed by its `name` (`from:`, `kill worker:`).
///
/// - a built-in role: `downloader: 2`, or `downloader: { count: 2, env: { WORK_DELAY_MS: 50 } }`;
/// - a command worker: `celery: { command: [...], count: 2, cwd, env, ready, stop, grace }`;
/// - an external worker: `remote: { external: true, logs: "...", kill: "...", … }`.
public struct WorkerDeclaration: Sendable, Equatable {
  public var name: String
  /// The built-in role; nil for command and external workers.
  public var role: WorkerRole?
  public var count: Int
  /// Extra environment for this worker only (on top of `settings`), values as written.
  public var environment: [String: String]
  /// How a command worker is started (its `env` is in ``environment``).
  public var command: ProcessCommand?
  /// A command worker is ready once a line matches this; nil = once it has started.
  public var ready: LogPattern?
  /// The signal for a graceful stop (`SIGTERM`, `SIGINT`, …), as a name.
  public var stopSignal: String
  /// Seconds between the stop signal and SIGKILL.
  public var grace: Double
  /// A worker the harness does not start.
  public var external: ExternalWorker?
  public var location: SourceLocation

  public init(
    name: String, role: WorkerRole?, count: Int, environment: [String: String] = [:],
    command: ProcessCommand? = nil, ready: LogPattern? = nil, stopSignal: String = "SIGTERM",
    grace: Double = 10, external: ExternalWorker? = nil, location: SourceLocation
  ) {
    self.name = name
    self.role = role
    self.count = count
    self.environment = environment
    self.command = command
    self.ready = ready
    self.stopSignal = stopSignal
    self.grace = grace
    self.external = external
    self.location = location
  }

  /// A built-in role shorthand: the name is the role.
  public init(role: WorkerRole, count: Int, environment: [String: String] = [:], location: SourceLocation) {
    self.init(name: role.rawValue, role: role, count: count, environment: environment, location: location)
  }
}

/// `external: true` with shell commands: `logs` (its stdout is the worker's log) and the verbs.
public struct ExternalWorker: Sendable, Equatable {
  /// A shell command whose stdout (and stderr) lines are the worker's log; nil = no log.
  public var logs: String?
  /// Shell commands by verb (`kill`, `restart`, `stop`, `start`).
  public var commands: [String: String]

  public init(logs: String? = nil, commands: [String: String] = [:]) {
    self.logs = logs
    self.commands = commands
  }
}
