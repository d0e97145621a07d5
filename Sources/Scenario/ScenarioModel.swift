/// A parsed and validated `.scn` file (DESIGN §4). Every element keeps its ``SourceLocation`` so
/// that errors found while running (a failed expectation, a step that could not fire) can point
/// at the line that asked for it.
public struct ScenarioModel: Sendable, Equatable {
  public var file: String
  public var name: String
  public var about: String
  public var seed: UInt64
  /// Hard limit on the whole run, in seconds.
  public var deadline: Double
  public var services: [ServiceDeclaration]
  public var proxies: [ProxyDeclaration]
  public var workers: [WorkerDeclaration]
  /// Environment given to every worker (values as written).
  public var settings: [String: String]
  public var workload: Workload
  /// `check:`: the verdict command; nil = the default for built-in workers (or no verdict at all).
  public var check: VerdictCheck?
  public var timeline: [TimelineStep]
  public var expectations: [Expectation]
  /// `soak:` — only `chaos soak` runs such a scenario.
  public var soak: SoakPlan?
  /// `metrics: true` — every worker serves `/metrics` and the harness scrapes it (see ``scrapesMetrics``).
  public var metrics: Bool = false

  public init(
    file: String, name: String, about: String = "", seed: UInt64 = 1, deadline: Double = 120,
    services: [ServiceDeclaration] = [], proxies: [ProxyDeclaration] = [], workers: [WorkerDeclaration] = [],
    settings: [String: String] = [:], workload: Workload = Workload(), check: VerdictCheck? = nil,
    timeline: [TimelineStep] = [],
    expectations: [Expectation] = [], soak: SoakPlan? = nil
  ) {
    self.file = file
    self.name = name
    self.about = about
    self.seed = seed
    self.deadline = deadline
    self.services = services
    self.proxies = proxies
    self.workers = workers
    self.settings = settings
    self.workload = workload
    self.check = check
    self.timeline = timeline
    self.expectations = expectations
    self.soak = soak
  }
}

extension ScenarioModel {
  /// The environment variable that turns a worker's metrics endpoint on.
  public static let metricsPortVariable = "METRICS_PORT"

  /// True when the harness gives each worker a `METRICS_PORT` and scrapes it: `metrics: true`, a
  /// `metric:` expectation, or `METRICS_PORT` in `settings` or a role's `env` (its value is then
  /// replaced by a free port per worker instance).
  public var scrapesMetrics: Bool {
    metrics || settings[Self.metricsPortVariable] != nil
      || workers.contains { $0.environment[Self.metricsPortVariable] != nil }
      || expectations.contains { $0.kind.readsMetrics }
  }
}

/// The kinds of service a scenario can start.
public enum ServiceKind: String, Sendable, Equatable, CaseIterable {
  case redis, rabbitmq
}

/// `services: { redis: redis }` or `redis: { kind: redis, external: "host:port", restart: "cmd" }`.
public struct ServiceDeclaration: Sendable, Equatable {
  public var name: String
  public var kind: ServiceKind
  /// `host:port` of a service the harness does not start (a compose stack, a cluster).
  public var external: String?
  /// Shell commands for service verbs on an external service, by verb (`restart`, `stop`, `start`…).
  public var commands: [String: String]
  public var location: SourceLocation

  public init(
    name: String, kind: ServiceKind, external: String? = nil, commands: [String: String] = [:],
    location: SourceLocation
  ) {
    self.name = name
    self.kind = kind
    self.external = external
    self.commands = commands
    self.location = location
  }
}

/// `proxies: { redis: { to: redis } }`: a proxy named `name` in front of service `to`.
public struct ProxyDeclaration: Sendable, Equatable {
  public var name: String
  public var service: String
  public var location: SourceLocation

  public init(name: String, service: String, location: SourceLocation) {
    self.name = name
    self.service = service
    self.location = location
  }
}

/// `workload:`: the built-in pipeline feeder (`jobs: 300, rate: 50/s`), a command started at time
/// 0 (`command: […]`), or the built-in AMQP publisher (`publish: { messages: 200, … }`).
public struct Workload: Sendable, Equatable {
  public var jobs: Int
  /// Documents per second; nil = all at once.
  public var rate: Double?
  /// `command:`: the workload is this process; its exit status and output are recorded.
  public var command: ProcessCommand?
  /// `publish:`: the harness publishes AMQP messages.
  public var publish: PublishPlan?

  public init(jobs: Int = 0, rate: Double? = nil, command: ProcessCommand? = nil, publish: PublishPlan? = nil)
  {
    self.jobs = jobs
    self.rate = rate
    self.command = command
    self.publish = publish
  }

  /// How many jobs (documents or messages) the workload announces; 0 for a command.
  public var announcedJobs: Int { publish?.messages ?? jobs }
}
