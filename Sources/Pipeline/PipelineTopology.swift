/// Names of the pipeline's RabbitMQ objects: one durable topic exchange, one durable queue per
/// consuming role, bound by the routing key of the event that role consumes.
public enum PipelineTopology {
  public static let exchange = "chaos.jobs"

  /// The routing key a role publishes, if any.
  public static func publishes(_ role: String) -> String? {
    switch role {
    case "scanner": return "job.created"
    case "downloader": return "job.downloaded"
    case "translator": return "job.translated"
    default: return nil
    }
  }

  /// The routing key a role consumes, if any.
  public static func consumes(_ role: String) -> String? {
    switch role {
    case "downloader": return "job.created"
    case "translator": return "job.downloaded"
    case "consumer": return "job.translated"
    default: return nil
    }
  }

  /// The durable queue a consuming role reads.
  public static func queue(_ role: String) -> String { "chaos.\(role)" }

  public static let consumingRoles = ["downloader", "translator", "consumer"]
}
