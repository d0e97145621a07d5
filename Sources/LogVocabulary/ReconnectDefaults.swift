/// The reconnection design's backoff when a scenario or a worker sets none: the first retry after
/// `initialDelay` seconds, doubling up to `maxDelay`. Read by the clients (`ServiceSettings`) and by
/// the `backoff` expectation, so the two cannot disagree.
public enum ReconnectDefaults {
  /// `<PREFIX>_RECONNECT_INITIAL_DELAY` when unset, in seconds.
  public static let initialDelay: Double = 3
  /// `<PREFIX>_RECONNECT_MAX_DELAY` when unset, in seconds.
  public static let maxDelay: Double = 30
}
