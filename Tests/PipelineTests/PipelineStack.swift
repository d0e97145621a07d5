import Foundation
import LocalServices
import LogVocabulary
import Logging
import Pipeline
import Resilience
import XCTest

/// One private redis-server and one RabbitMQ node for the pipeline tests, with a fresh key prefix
/// and vhost-free isolation by prefix: every test gets its own prefix and purges the queues.
final class PipelineStack: @unchecked Sendable {
  let directory: TemporaryDirectory
  let redis: RedisServer
  let rabbit: RabbitMQServer

  init() throws {
    directory = try TemporaryDirectory(prefix: "chaos-pipeline")
    try FileManager.default.createDirectory(
      atPath: directory.file("redis"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: directory.file("rabbit"), withIntermediateDirectories: true)
    redis = try RedisServer(directory: directory.file("redis"))
    rabbit = try RabbitMQServer(directory: directory.file("rabbit"))
  }

  /// Starts both servers; when one fails, stops what started and removes the directory.
  func start() throws {
    do {
      try redis.start()
      try rabbit.start()
    } catch {
      stop()
      throw error
    }
  }

  func stop() {
    redis.stop()
    rabbit.shutdown()
    directory.remove()
  }

  /// The workers' environment: short reconnection settings so tests stay quick.
  func environment(prefix: String, extra: [String: String] = [:]) -> [String: String] {
    var env = [
      "REDIS_URL": "redis://127.0.0.1:\(redis.port)/0",
      "RABBITMQ_URL": "amqp://guest:guest@127.0.0.1:\(rabbit.port)/%2F",
      "CHAOS_KEY_PREFIX": prefix,
      "REDIS_HEALTH_CHECK_INTERVAL": "1",
      "REDIS_RECONNECT_INITIAL_DELAY": "0.2",
      "REDIS_RECONNECT_MAX_DELAY": "1",
      "REDIS_RECONNECT_MAX_RETRIES": "30",
      "RABBITMQ_HEALTH_CHECK_INTERVAL": "1",
      "RABBITMQ_RECONNECT_INITIAL_DELAY": "0.2",
      "RABBITMQ_RECONNECT_MAX_DELAY": "1",
      "RABBITMQ_RECONNECT_MAX_RETRIES": "30",
      "RABBITMQ_HEARTBEAT": "2",
      "REDIS_COMMAND_TIMEOUT": "2",
    ]
    env.merge(extra) { _, new in new }
    return env
  }

  func settings(prefix: String) throws -> WorkerSettings {
    try WorkerSettings(environment: Environment(environment(prefix: prefix)))
  }

  func feed(_ count: Int, prefix: String) throws {
    let settings = try self.settings(prefix: prefix)
    let client = RedisClient(settings: settings.resilience, logger: Logger(label: "feed"))
    defer { client.close() }
    try client.connect()
    let ids = (1...count).map(DocumentID.make)
    _ = try client.sadd(settings.keys.fed, ids)
    _ = try client.lpush(settings.keys.inbox, values: ids)
  }

  func check(_ expected: Int, prefix: String) throws -> PipelineReport {
    let quiet = Logger(label: "check", factory: { _ in SwiftLogNoOpLogHandler() })
    return try PipelineChecker(settings: settings(prefix: prefix), logger: quiet).check(expected: expected)
  }

  /// Polls the checker until every job is done and the queues are drained, or `timeout` passes.
  func waitUntilClean(_ expected: Int, prefix: String, timeout: Double) throws -> PipelineReport {
    let deadline = Date().addingTimeInterval(timeout)
    var report = try check(expected, prefix: prefix)
    while !report.isClean && Date() < deadline {
      usleep(250_000)
      report = (try? check(expected, prefix: prefix)) ?? report
    }
    return report
  }
}
