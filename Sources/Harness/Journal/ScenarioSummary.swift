import Scenario

/// The scenario a journal belongs to, in a form that can be written out and read back.
public struct ScenarioSummary: Sendable, Equatable, Codable {
  public var file: String
  public var name: String
  public var about: String
  public var seed: UInt64
  public var deadline: Double
  /// Service name → kind (`redis`, `rabbitmq`).
  public var services: [String: String]
  /// Service name → `host:port`, for external services.
  public var external: [String: String]
  public var proxies: [String: String]
  public var workers: [String: Int]
  /// Names of the command and external workers (the others are built-in roles); nil in journals
  /// written before they existed.
  public var commandWorkers: [String]?
  public var settings: [String: String]
  /// Role → its own `env` (on top of `settings`).
  public var roleEnvironment: [String: [String: String]]
  public var jobs: Int
  public var rate: Double?
  /// The workload when it is not the pipeline feeder: the command as written, or `publish N messages`.
  public var workloadCommand: String?
  /// The verdict command (`check:`) as written; nil = none declared.
  public var check: String?
  public var timeline: [String]
  public var expectations: [String]
  /// The selectors of the `metric:` expectations, which the HTML report plots; nil in journals
  /// written before they existed.
  public var plottedMetrics: [String]?

  /// The environment setting `name` for workers of `role`: the role's `env`, then `settings`.
  public func setting(_ name: String, role: String) -> String? {
    roleEnvironment[role]?[name] ?? settings[name]
  }

  /// True when built-in workers (`chaos-worker <role>`) run in this scenario.
  public var runsBuiltInWorkers: Bool {
    workers.contains { $0.value > 0 && !(commandWorkers ?? []).contains($0.key) }
  }

  /// The kind of the service `name`, or of the service behind proxy `name`.
  public func serviceKind(_ name: String) -> String? {
    services[name] ?? proxies[name].flatMap { services[$0] }
  }

  public init(_ model: ScenarioModel) {
    file = model.file
    name = model.name
    about = model.about
    seed = model.seed
    deadline = model.deadline
    services = Dictionary(
      model.services.map { ($0.name, $0.kind.rawValue) }, uniquingKeysWith: { first, _ in first })
    external = Dictionary(
      model.services.compactMap { service in service.external.map { (service.name, $0) } },
      uniquingKeysWith: { first, _ in first })
    proxies = Dictionary(model.proxies.map { ($0.name, $0.service) }, uniquingKeysWith: { first, _ in first })
    workers = Dictionary(model.workers.map { ($0.name, $0.count) }, uniquingKeysWith: +)
    commandWorkers = model.workers.filter { $0.role == nil }.map(\.name)
    plottedMetrics = model.expectations.compactMap {
      ($0.kind as? MetricChecker)?.expectation.selector.description
    }
    settings = model.settings
    roleEnvironment = Dictionary(
      model.workers.map { ($0.name, $0.environment) }, uniquingKeysWith: { first, _ in first })
    jobs = model.workload.jobs
    rate = model.workload.rate
    workloadCommand =
      model.workload.command?.displayText ?? model.workload.publish.map { "publish \($0.messages) messages" }
    check = model.check?.command.displayText
    timeline = model.timeline.map { StepText.trigger($0.trigger) + ": " + StepText.describe($0) }
    expectations = model.expectations.map { $0.kind.description }
  }
}
