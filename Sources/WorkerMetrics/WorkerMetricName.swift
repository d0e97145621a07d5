/// The names of the metrics a worker serves on `METRICS_PORT` (docs/metrics.md), defined once:
/// the recorder, the alerting rules' test and the docs use these.
public enum WorkerMetricName {
  /// Counter, `service`: one per `reconnect.attempt` (one connection try inside a round).
  public static let reconnectAttempts = "reconnect_attempts_total"
  /// Counter, `service`: reconnection rounds that ended connected.
  public static let reconnectSuccesses = "reconnect_success_total"
  /// Counter, `service`: reconnection rounds that gave up (`… reconnection failed`).
  public static let reconnectFailures = "reconnect_failure_total"
  /// Histogram (seconds), `service`: from the first sign of the outage to `… reconnection successful`.
  public static let reconnectDuration = "reconnect_duration_seconds"
  /// Gauge, `service`: 1 while the service is connected and its last check passed, else 0.
  public static let healthCheckStatus = "health_check_status"
  /// Counter, `service`: `… health check failed` lines.
  public static let healthCheckFailures = "health_check_failures_total"
  /// Counter, `stage`: jobs this worker moved on (`job.created`, `job.downloaded`, …).
  public static let jobsProcessed = "jobs_processed_total"
  /// Gauge: deliveries in hand, received and not yet settled.
  public static let jobsInFlight = "jobs_in_flight"
  /// Counter: publishes tried again after a failure (`message.publish.failed` with `retrying`).
  public static let publishRetries = "publish_retries_total"
  /// Counter: failed publishes, retried or not.
  public static let publishFailures = "publish_failures_total"

  /// Gauge, `service`: the circuit breaker's state, 0 closed, 1 open, 2 half-open (0 when off).
  public static let circuitState = "circuit_state"
  /// Counter, `service` and `state`: changes of the circuit breaker's state.
  public static let circuitTransitions = "circuit_transitions_total"

  /// Every name above, for tests that check the alerting rules use real names.
  public static let all = [
    reconnectAttempts, reconnectSuccesses, reconnectFailures, reconnectDuration, healthCheckStatus,
    healthCheckFailures, jobsProcessed, jobsInFlight, publishRetries, publishFailures, circuitState,
    circuitTransitions,
  ]

  /// The services a worker talks to, labelled `service`.
  public static let services = ["redis", "rabbitmq"]
}
