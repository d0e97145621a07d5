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
  public var timeline: [TimelineStep]
  public var expectations: [Expectation]
  /// `soak:` — only `chaos soak` runs such a scenario.
  public var soak: SoakPlan?
  /// `metrics: true` — every worker serves `/metrics` and the harness scrapes it (see ``scrapesMetrics``).
  public var metrics: Bool = false

  public init(
    file: String, name: String, about: String = "", seed: UInt64 = 1, deadline: Double = 120,
    services: [ServiceDeclaration] = [], proxies: [ProxyDeclaration] = [], workers: [WorkerDeclaration] = [],
    settings: [String: String] = [:], workload: Workload = Workload(), timeline: [TimelineStep] = [],
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
      || expectations.contains {
        if case .metric = $0.kind { return true }
        return false
      }
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

/// The pipeline's roles.
public enum WorkerRole: String, Sendable, Equatable, CaseIterable {
  case scanner, downloader, translator, consumer
}

/// `workers: { downloader: 2 }`, or `downloader: { count: 2, env: { WORK_DELAY_MS: 50 } }`.
public struct WorkerDeclaration: Sendable, Equatable {
  public var role: WorkerRole
  public var count: Int
  /// Extra environment for this role only (on top of `settings`).
  public var environment: [String: String]
  public var location: SourceLocation

  public init(role: WorkerRole, count: Int, environment: [String: String] = [:], location: SourceLocation) {
    self.role = role
    self.count = count
    self.environment = environment
    self.location = location
  }
}

/// `workload: { jobs: 300, rate: 50/s }`.
public struct Workload: Sendable, Equatable {
  public var jobs: Int
  /// Documents per second; nil = all at once.
  public var rate: Double?

  public init(jobs: Int = 0, rate: Double? = nil) {
    self.jobs = jobs
    self.rate = rate
  }
}
