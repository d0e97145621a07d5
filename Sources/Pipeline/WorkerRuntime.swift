import Foundation
import LogVocabulary
import Logging
import ProcessLifecycle
import Resilience

/// What every worker shares: its settings, the resilient clients, the job store, the stop flag,
/// the periodic health checks and the reconnection loop (the reconnection design's `while not should_stop`).
public final class WorkerRuntime: @unchecked Sendable {
  public let role: PipelineRole
  public let settings: WorkerSettings
  public let logger: Logger
  public let stop: StopFlag
  public let redis: RedisClient
  public let amqp: AMQPClient
  public let store: JobStore
  public let names: PipelineTopology
  private var lastHealthCheck = Date()
  private var consecutiveFailures = 0

  public init(role: PipelineRole, settings: WorkerSettings, stop: StopFlag, logger: Logger) {
    var settings = settings
    if settings.broken.contains(.skipReconnect) {
      settings.resilience.redis.reconnectMaxRetries = 1
      settings.resilience.rabbitmq.reconnectMaxRetries = 1
    }
    self.role = role
    self.settings = settings
    self.stop = stop
    var logger = logger
    logger[metadataKey: "component"] = "worker"
    self.logger = logger
    redis = RedisClient(settings: settings.resilience, logger: logger)
    let names = PipelineTopology(prefix: settings.keys.prefix)
    self.names = names
    amqp = AMQPClient(
      settings: settings.resilience,
      topology: Self.topology(for: role, names: names, prefetch: settings.prefetch),
      logger: logger)
    store = JobStore(redis: redis, keys: settings.keys)
    // A service missing at start-up: said once per service, then the client waits with backoff.
    redis.onStartupWait = Self.waitingEvent(service: "redis", logger: logger)
    amqp.onStartupWait = Self.waitingEvent(service: "rabbitmq", logger: logger)
  }

  /// `worker.waiting` (docs/log-events.md): `service` is down at start-up and the worker waits for it.
  static func waitingEvent(service: String, logger: Logger) -> @Sendable (String) -> Void {
    { error in
      logger.warning(
        "\(LogEvent.workerWaiting)", metadata: ["service": .string(service), "error": .string(error)])
    }
  }

  /// The exchange, every role's queue and binding (so that nothing published is dropped even
  /// before its consumer starts), and this role's consumer.
  static func topology(for role: PipelineRole, names: PipelineTopology, prefetch: UInt16) -> AMQPTopology {
    let consuming = PipelineTopology.consumingRoles
    return AMQPTopology(
      exchanges: [.init(name: names.exchange)],
      queues: consuming.map { .init(name: names.queue($0)) },
      bindings: consuming.map {
        .init(queue: names.queue($0), exchange: names.exchange, routingKey: PipelineTopology.consumes($0)!)
      },
      prefetch: prefetch,
      consumeQueues: PipelineTopology.consumes(role) == nil ? [] : [names.queue(role)])
  }

  public static var now: String { Timestamp.rfc3339(Date()) }

  /// The reconnection loop: connect both services, run `body` until it returns (stop) or throws
  /// (a lost service); then tear down, wait with backoff — doubled again after 3 consecutive
  /// failures — and go round again, until the stop flag is set. With the `skip-reconnect` defect it
  /// logs `worker.giving_up`, shuts down and throws ``WorkerGaveUp`` (the executable exits 3).
  public func runLoop(_ body: () throws -> Void) throws {
    var attempt = 0
    while !stop.isSet {
      do {
        try connectAll()
        consecutiveFailures = 0
        attempt = 0
        try body()
      } catch {
        if stop.isSet { break }
        consecutiveFailures += 1
        logger.warning(
          "\(LogEvent.workerLoopFailed)",
          metadata: ["error": "\(error)", "consecutive_failures": .stringConvertible(consecutiveFailures)])
        if settings.broken.contains(.skipReconnect) {
          logger.error("\(LogEvent.workerGivingUp)", metadata: ["error": "\(error)"])
          shutdown()
          throw WorkerGaveUp(reason: "\(error)")
        }
        let backoff = settings.resilience.rabbitmq.backoff
        let delay = backoff.workerLoopDelay(attempt: attempt, consecutiveFailures: consecutiveFailures)
        attempt += 1
        logger.info(
          "\(LogEvent.reconnectAttempt)",
          metadata: [
            "service": "worker", "attempt": .stringConvertible(attempt), "delay_s": .stringConvertible(delay),
            "consecutive_failures": .stringConvertible(consecutiveFailures),
          ])
        stop.sleep(delay)
      }
    }
  }

  /// Connects Redis and RabbitMQ (declaring the topology). Each client waits with its own backoff
  /// when its service is down, so a worker can start before the services exist.
  func connectAll() throws {
    if !redis.state.isConnected {
      logger.info("\(LogEvent.workerConnecting)", metadata: ["service": "redis"])
      try redis.connect()
    }
    if !amqp.state.isConnected {
      logger.info("\(LogEvent.workerConnecting)", metadata: ["service": "rabbitmq"])
      try amqp.connect()
    }
  }

  /// The periodic health check of both services (the reconnection design's 30 s check in every worker's loop):
  /// a PING to Redis and a round trip to RabbitMQ; a failure reconnects (or throws to the loop).
  public func healthCheckIfDue() throws {
    let interval = min(
      settings.resilience.redis.healthCheckInterval, settings.resilience.rabbitmq.healthCheckInterval)
    guard Date().timeIntervalSince(lastHealthCheck) >= interval else { return }
    lastHealthCheck = Date()
    try redis.ping()
    if !amqp.healthCheck() {
      try amqp.ensureConnected()
    }
  }

  /// Publishes the follow-up event of `job`, persistent and confirmed (retried once by the client).
  public func publish(_ routingKey: String, job: String, phase: JobPhase) throws {
    let message = JobMessage(job: job, phase: phase, ts: Self.now)
    try amqp.publish(
      exchange: names.exchange, routingKey: routingKey, body: Data(message.encoded()))
  }

  /// Closes both clients: unacknowledged deliveries go back to their queues.
  public func shutdown() {
    logger.info("\(LogEvent.workerDisconnecting)", metadata: ["service": "rabbitmq"])
    amqp.close()
    logger.info("\(LogEvent.workerDisconnecting)", metadata: ["service": "redis"])
    redis.close()
  }
}
