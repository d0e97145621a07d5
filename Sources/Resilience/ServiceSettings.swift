import LogVocabulary

/// The reconnection settings of one service (Redis or RabbitMQ), read from `<PREFIX>_*` variables.
///
/// Defaults are the reconnection design's: health check every 30 s, 10 retries, delays from 3 s doubling up to 30 s.
public struct ServiceSettings: Sendable, Equatable {
  /// Seconds between background health checks.
  public var healthCheckInterval: Double = 30
  /// Reconnection attempts before giving up.
  public var reconnectMaxRetries: Int = 10
  /// Delay before the first reconnection attempt, in seconds.
  public var reconnectInitialDelay: Double = 3.0
  /// Cap on the delay between attempts, in seconds.
  public var reconnectMaxDelay: Double = 30.0
  /// Consecutive failed attempts that open the circuit breaker; 0 (the default) turns it off.
  public var circuitFailureThreshold: Int = 0
  /// Seconds the circuit stays open before one probe attempt (half-open).
  public var circuitCoolDown: Double = 30

  public init() {}

  /// The backoff schedule these settings describe.
  public var backoff: Backoff {
    Backoff(initial: reconnectInitialDelay, maximum: reconnectMaxDelay)
  }

  /// Reads `<prefix>_HEALTH_CHECK_INTERVAL`, `<prefix>_RECONNECT_MAX_RETRIES`,
  /// `<prefix>_RECONNECT_INITIAL_DELAY`, `<prefix>_RECONNECT_MAX_DELAY`,
  /// `<prefix>_CIRCUIT_FAILURE_THRESHOLD` (0 = no breaker) and `<prefix>_CIRCUIT_COOL_DOWN`.
  public init(prefix: String, environment: Environment) throws {
    healthCheckInterval = try environment.seconds(
      "\(prefix)_HEALTH_CHECK_INTERVAL", default: 30, positive: true)
    reconnectMaxRetries = try environment.count(
      "\(prefix)_RECONNECT_MAX_RETRIES", default: 10, within: 0...1_000_000, unit: "attempts")
    reconnectInitialDelay = try environment.seconds(
      "\(prefix)_RECONNECT_INITIAL_DELAY", default: ReconnectDefaults.initialDelay)
    reconnectMaxDelay = try environment.seconds(
      "\(prefix)_RECONNECT_MAX_DELAY", default: ReconnectDefaults.maxDelay)
    circuitFailureThreshold = try environment.count(
      "\(prefix)_CIRCUIT_FAILURE_THRESHOLD", default: 0, within: 0...10_000, unit: "attempts")
    circuitCoolDown = try environment.seconds(
      "\(prefix)_CIRCUIT_COOL_DOWN", default: 30, positive: true, within: 0...3_600)
    if reconnectMaxDelay < reconnectInitialDelay {
      throw SettingsError(
        variable: "\(prefix)_RECONNECT_MAX_DELAY",
        value: String(reconnectMaxDelay),
        expected: "at least \(prefix)_RECONNECT_INITIAL_DELAY (\(reconnectInitialDelay))")
    }
  }
}
