import Scenario

/// The scenario a journal belongs to, in a form that can be written out and read back.
public struct ScenarioSummary: Sendable, Equatable, Codable {
  public var file: String
  public var name: String
  public var about: String
  public var seed: UInt64
  public var deadline: Double
  public var services: [String: String]
  public var proxies: [String: String]
  public var workers: [String: Int]
  public var settings: [String: String]
  public var jobs: Int
  public var rate: Double?
  public var timeline: [String]
  public var expectations: [String]

  public init(_ model: ScenarioModel) {
    file = model.file
    name = model.name
    about = model.about
    seed = model.seed
    deadline = model.deadline
    services = Dictionary(
      model.services.map { ($0.name, $0.external.map { "external \($0)" } ?? $0.kind.rawValue) },
      uniquingKeysWith: { first, _ in first })
    proxies = Dictionary(model.proxies.map { ($0.name, $0.service) }, uniquingKeysWith: { first, _ in first })
    workers = Dictionary(model.workers.map { ($0.role.rawValue, $0.count) }, uniquingKeysWith: +)
    settings = model.settings
    jobs = model.workload.jobs
    rate = model.workload.rate
    timeline = model.timeline.map { StepText.trigger($0.trigger) + ": " + StepText.describe($0) }
    expectations = model.expectations.map { ExpectationText.describe($0.kind) }
  }
}
