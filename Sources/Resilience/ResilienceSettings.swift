/// Everything the resilient clients read from the environment, validated at start-up.
///
/// | variable | default |
/// |---|---|
/// | `REDIS_URL` | `redis://127.0.0.1:6379/0` |
/// | `RABBITMQ_URL` | `amqp://guest:guest@127.0.0.1:5672/%2F` |
/// | `REDIS_HEALTH_CHECK_INTERVAL`, `RABBITMQ_HEALTH_CHECK_INTERVAL` | 30 s |
/// | `REDIS_RECONNECT_MAX_RETRIES`, `RABBITMQ_RECONNECT_MAX_RETRIES` | 10 |
/// | `REDIS_RECONNECT_INITIAL_DELAY`, `RABBITMQ_RECONNECT_INITIAL_DELAY` | 3.0 s |
/// | `REDIS_RECONNECT_MAX_DELAY`, `RABBITMQ_RECONNECT_MAX_DELAY` | 30.0 s |
/// | `REDIS_CIRCUIT_FAILURE_THRESHOLD`, `RABBITMQ_CIRCUIT_FAILURE_THRESHOLD` | 0 (no circuit breaker) |
/// | `REDIS_CIRCUIT_COOL_DOWN`, `RABBITMQ_CIRCUIT_COOL_DOWN` | 30 s (open before one probe) |
/// | `REDIS_COMMAND_TIMEOUT` | 5 s (connect and each command) |
/// | `RABBITMQ_HEARTBEAT` | 10 s (0 turns heartbeats off; rabbitmq-c's own default is 0) |
/// | `RABBITMQ_CONFIRM_TIMEOUT` | 10 s (how long a publish waits for its confirm) |
public struct ResilienceSettings: Sendable, Equatable {
  public var redisURL: RedisURL
  public var rabbitURL: AMQPURL
  public var redis: ServiceSettings
  public var rabbitmq: ServiceSettings
  public var redisCommandTimeout: Double
  public var rabbitHeartbeat: Int
  public var rabbitConfirmTimeout: Double

  public init(environment: Environment = Environment()) throws {
    redisURL = try RedisURL(parsing: environment.string("REDIS_URL", default: "redis://127.0.0.1:6379/0"))
    rabbitURL = try AMQPURL(
      parsing: environment.string("RABBITMQ_URL", default: "amqp://guest:guest@127.0.0.1:5672/%2F"))
    redis = try ServiceSettings(prefix: "REDIS", environment: environment)
    rabbitmq = try ServiceSettings(prefix: "RABBITMQ", environment: environment)
    redisCommandTimeout = try environment.seconds("REDIS_COMMAND_TIMEOUT", default: 5, positive: true)
    // The heartbeat travels in a 16-bit field of connection.tune-ok.
    rabbitHeartbeat = try environment.count(
      "RABBITMQ_HEARTBEAT", default: 10, within: 0...65_535, unit: "seconds")
    rabbitConfirmTimeout = try environment.seconds("RABBITMQ_CONFIRM_TIMEOUT", default: 10, positive: true)
  }

  /// The variables and their defaults, for `--help`.
  public static let helpText = """
    REDIS_URL                          redis://127.0.0.1:6379/0
    RABBITMQ_URL                       amqp://guest:guest@127.0.0.1:5672/%2F
    REDIS_HEALTH_CHECK_INTERVAL        30     seconds between background PINGs
    REDIS_RECONNECT_MAX_RETRIES        10     attempts before giving up
    REDIS_RECONNECT_INITIAL_DELAY      3.0    seconds; doubles each attempt
    REDIS_RECONNECT_MAX_DELAY          30.0   seconds; cap on the delay
    REDIS_CIRCUIT_FAILURE_THRESHOLD    0      failed attempts that open the circuit; 0 = off
    REDIS_CIRCUIT_COOL_DOWN            30     seconds open before one probe attempt
    REDIS_COMMAND_TIMEOUT              5      seconds for connect and each command
    RABBITMQ_HEALTH_CHECK_INTERVAL     30
    RABBITMQ_RECONNECT_MAX_RETRIES     10
    RABBITMQ_RECONNECT_INITIAL_DELAY   3.0
    RABBITMQ_RECONNECT_MAX_DELAY       30.0
    RABBITMQ_CIRCUIT_FAILURE_THRESHOLD 0
    RABBITMQ_CIRCUIT_COOL_DOWN         30
    RABBITMQ_HEARTBEAT                 10     seconds; 0 = off
    RABBITMQ_CONFIRM_TIMEOUT           10     seconds a publish waits for its confirm
    """
}
