import LogVocabulary
import Logging

/// The reconnection loop both clients run (the reconnection design's contract): attempt n waits
/// `backoff.delay(attempt: n-1)`, is logged as `reconnect.attempt` (`service`, `attempt`,
/// `delay_s`, `max_retries`, and `wait_forever` when there is no limit), and on success the reconnection design's
/// `<Service> reconnection successful` (`service`, `attempts`) is logged. When the attempts are
/// spent it returns ``Outcome/exhausted(attempts:)``; the client logs `<Service> reconnection
/// failed` with its own fields and throws its own error.
struct ReconnectionLoop {
  enum Outcome: Equatable {
    case connected(attempts: Int)
    case exhausted(attempts: Int)
    /// The circuit breaker refused the round, or opened during it.
    case circuitOpen(CircuitOpenError)
  }

  /// `redis` or `rabbitmq`: the `service` field and the reconnection design's messages.
  var service: String
  var backoff: Backoff
  var maxRetries: Int
  /// No attempt limit (the delay stays at the maximum); for start-up.
  var waitForever = false
  var logger: Logger
  /// Consulted before the round and told of every attempt; nil when the breaker is off.
  var breaker: CircuitBreaker?

  /// - Parameters:
  ///   - sleep: waits the delay before an attempt; throws to abandon the loop (the client closed).
  ///   - connect: one attempt; throws when it failed.
  ///   - failed: told of each failed attempt (and its error); rethrows an error that must end the loop.
  ///   - connected: runs after a successful attempt, before the success is logged.
  func run(
    sleep: (Double) throws -> Void, connect: () throws -> Void, failed: (Int, any Error) throws -> Void,
    connected: () -> Void
  ) throws -> Outcome {
    let probe: Bool
    do {
      probe = try breaker?.admit() ?? false
    } catch let open as CircuitOpenError {
      return .circuitOpen(open)
    }
    var attempt = 0
    while (waitForever && !probe) || attempt < (probe ? 1 : maxRetries) {
      attempt += 1
      let delay = probe ? 0 : backoff.delay(attempt: attempt - 1)
      try sleep(delay)
      var fields: Logger.Metadata = [
        "service": .string(service), "attempt": .stringConvertible(attempt),
        "delay_s": .stringConvertible(delay),
        "max_retries": .stringConvertible(maxRetries),
      ]
      if waitForever { fields["wait_forever"] = .stringConvertible(true) }
      logger.info("\(LogEvent.reconnectAttempt)", metadata: fields)
      do {
        try connect()
      } catch {
        try failed(attempt, error)
        if let open = breaker?.failed() { return .circuitOpen(open) }
        continue
      }
      breaker?.succeeded()
      connected()
      logger.info(
        "\(LogEvent.reconnected(service))",
        metadata: ["service": .string(service), "attempts": .stringConvertible(attempt)])
      return .connected(attempts: attempt)
    }
    return .exhausted(attempts: attempt)
  }
}
