/// Names of the pipeline's RabbitMQ objects: one durable topic exchange, one durable queue per
/// consuming role, bound by the routing key of the event that role consumes. Names start with the
/// key prefix (`chaos:jobs`, `chaos:downloader` …) so that runs with different prefixes share a
/// broker without sharing queues.
public struct PipelineTopology: Sendable, Equatable {
  public let prefix: String

  public init(prefix: String) {
    self.prefix = prefix
  }

  public var exchange: String { prefix + "jobs" }

  /// The durable queue a consuming role reads.
  public func queue(_ role: PipelineRole) -> String { prefix + role.rawValue }

  /// The routing key a role publishes, if any.
  public static func publishes(_ role: PipelineRole) -> String? {
    switch role {
    case .scanner: return "job.created"
    case .downloader: return "job.downloaded"
    case .translator: return "job.translated"
    case .consumer: return nil
    }
  }

  /// The routing key a role consumes, if any.
  public static func consumes(_ role: PipelineRole) -> String? {
    switch role {
    case .scanner: return nil
    case .downloader: return "job.created"
    case .translator: return "job.downloaded"
    case .consumer: return "job.translated"
    }
  }

  public static let consumingRoles: [PipelineRole] = [.downloader, .translator, .consumer]
}
