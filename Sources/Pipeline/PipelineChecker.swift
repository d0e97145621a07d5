import Foundation
import LogVocabulary
import Logging
import Resilience

/// Reads what the pipeline stored and left behind, and builds a ``PipelineReport``: every fed
/// document done, stuck (by phase) or lost, duplicate completions, and messages left in queues.
public struct PipelineChecker: Sendable {
  public let settings: WorkerSettings
  public let logger: Logger

  public init(settings: WorkerSettings, logger: Logger) {
    self.settings = settings
    self.logger = logger
  }

  /// - Parameter expected: how many documents were fed; fewer in the `fed` set count as lost.
  public func check(expected: Int) throws -> PipelineReport {
    var resilience = settings.resilience
    resilience.redis.reconnectMaxRetries = min(resilience.redis.reconnectMaxRetries, 3)
    resilience.rabbitmq.reconnectMaxRetries = min(resilience.rabbitmq.reconnectMaxRetries, 3)
    let redis = RedisClient(settings: resilience, logger: logger)
    defer { redis.close() }
    try redis.connect()
    let keys = settings.keys
    let fed = try redis.smembers(keys.fed)
    var phases: [String: String] = [:]
    for key in try redis.scan(matching: keys.jobPattern) {
      let id = String(key.dropFirst(keys.job("").count))
      if let phase = try redis.hget(key, "phase") { phases[id] = phase }
    }
    var completions: [String: Int] = [:]
    for (id, count) in try redis.hgetall(keys.completions) { completions[id] = Int(count) ?? 0 }
    let amqp = AMQPClient(settings: resilience, topology: AMQPTopology(), logger: logger)
    defer { amqp.close() }
    try amqp.connect()
    var queues: [String: Int] = [:]
    let names = PipelineTopology(prefix: keys.prefix)
    for role in PipelineTopology.consumingRoles {
      let queue = names.queue(role)
      do {
        queues[queue] = try amqp.queueStatus(queue).messages
      } catch AMQPError.queueNotFound {
        queues[queue] = 0
      }
    }
    return PipelineReport.build(
      expected: expected, fedIds: fed, phases: phases, completions: completions, queues: queues)
  }
}
