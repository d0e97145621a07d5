/// The log vocabulary: every event name and seed message that the clients (Resilience), the
/// workers (Pipeline) and the harness (checkers, triggers, reports) write or look for, defined
/// once. docs/log-events.md says what each carries. The reconnection design's messages are word for word.
public enum LogEvent {
  // The pipeline's progress, one per job and stage.
  public static let jobCreated = "job.created"
  public static let jobDownloaded = "job.downloaded"
  public static let jobTranslated = "job.translated"
  public static let jobDone = "job.done"
  /// The messages that show a worker did work (a success after an outage).
  public static let work: Set<String> = [jobCreated, jobDownloaded, jobTranslated, jobDone, messageAcked]

  // Deliveries and publishes.
  public static let messageAcked = "message.acked"
  public static let messageNacked = "message.nacked"
  public static let messageRedelivered = "message.redelivered"
  public static let messagePublishFailed = "message.publish.failed"
  public static let messagePublishIgnored = "message.publish.ignored"

  // The workload's report of what it fed (`chaos-worker feed`; any workload command may write them).
  /// After each batch: `fed` (documents so far), `of`, `ids` (this batch's), `elapsed_s`.
  public static let workloadFed = "workload.fed"
  /// Every document went in: `fed`, `of`, `elapsed_s`.
  public static let workloadFinished = "workload.finished"
  /// Stopped (SIGTERM) before every document went in: `fed`, `of`, `reason`, `elapsed_s`.
  public static let workloadStopped = "workload.stopped"

  // Connections.
  public static let reconnectAttempt = "reconnect.attempt"
  public static let redisConnected = "redis.connected"
  public static let redisCommandFailed = "redis.command.failed"
  public static let rabbitmqConnected = "rabbitmq.connected"
  public static let rabbitmqConnectFailed = "rabbitmq.connect.failed"

  // A service's circuit breaker (docs/metrics.md).
  public static let circuitOpened = "circuit.opened"
  public static let circuitHalfOpen = "circuit.half_open"
  public static let circuitClosed = "circuit.closed"

  // A worker's loop.
  public static let workerConnecting = "worker.connecting"
  public static let workerDisconnecting = "worker.disconnecting"
  public static let workerWaiting = "worker.waiting"
  public static let workerGivingUp = "worker.giving_up"
  public static let workerLoopFailed = "worker.loop.failed"

  // The reconnection design's messages, word for word.
  public static let redisReconnecting = "Starting Redis reconnection..."
  public static let redisReconnected = "Redis reconnection successful"
  public static let redisReconnectionFailed = "Redis reconnection failed"
  public static let redisHealthCheckFailed = "Redis health check failed"
  public static let rabbitmqConnectionLost = "RabbitMQ connection lost, reconnecting..."
  public static let rabbitmqReconnected = "RabbitMQ reconnection successful"
  public static let rabbitmqReconnectionFailed = "RabbitMQ reconnection failed"
  public static let rabbitmqHealthCheckFailed = "RabbitMQ health check failed"

  /// `<kind>.connected` (first connection) for a service kind (`redis`, `rabbitmq`).
  public static func connected(_ kind: String) -> String { "\(kind).connected" }

  /// The reconnection design's "<Service> reconnection successful" for a service kind.
  public static func reconnected(_ kind: String) -> String { "\(displayName(kind)) reconnection successful" }

  /// `Redis`, `RabbitMQ`: how the reconnection design's messages name a service kind.
  public static func displayName(_ kind: String) -> String {
    switch kind {
    case "redis": return "Redis"
    case "rabbitmq": return "RabbitMQ"
    default: return kind
    }
  }
}
