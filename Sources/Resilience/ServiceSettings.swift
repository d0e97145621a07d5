/// The reconnection settings of one service (Redis or RabbitMQ), read from `<PREFIX>_*` variables.
///
/// Defaults are the seed's: health check every 30 s, 10 retries, delays from 3 s doubling up to 30 s.
public struct ServiceSettings: Sendable, Equatable {
  /// Seconds between background health checks.
  public var healthCheckInterval: Double = 30
  /// Reconnection attempts before giving up.
  public var reconnectMaxRetries: Int = 10
  /// Delay before the first reconnection attempt, in seconds.
  public var reconnectInitialDelay: Double = 3.0
  /// Cap on the delay between attempts, in seconds.
  public var reconnectMaxDelay: Double = 30.0

  public init() {}

  /// The backoff schedule these settings describe.
  public var backoff: Backoff {
    Backoff(initial: reconnectInitialDelay, maximum: reconnectMaxDelay)
  }

  /// Reads `<prefix>_HEALTH_CHECK_INTERVAL`, `<prefix>_RECONNECT_MAX_RETRIES`,
  /// `<prefix>_RECONNECT_INITIAL_DELAY` and `<prefix>_RECONNECT_MAX_DELAY`.
  public init(prefix: String, environment: Environment) throws {
    healthCheckInterval = try environment.seconds(
      "\(prefix)_HEALTH_CHECK_INTERVAL", default: 30, positive: true)
    reconnectMaxRetries = try environment.count(
      "\(prefix)_RECONNECT_MAX_RETRIES", default: 10, within: 0...1_000_000, unit: "attempts")
    reconnectInitialDelay = try environment.seconds("\(prefix)_RECONNECT_INITIAL_DELAY", default: 3.0)
    reconnectMaxDelay = try environment.seconds("\(prefix)_RECONNECT_MAX_DELAY", default: 30.0)
    if reconnectMaxDelay < reconnectInitialDelay {
      throw SettingsError(
        variable: "\(prefix)_RECONNECT_MAX_DELAY",
        value: String(reconnectMaxDelay),
        expected: "at least \(prefix)_RECONNECT_INITIAL_DELAY (\(reconnectInitialDelay))")
    }
  }
}
