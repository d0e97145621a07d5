/// What can go wrong talking to Redis. Every failure of ``RedisClient`` surfaces as one of these.
public enum RedisError: Error, Equatable, CustomStringConvertible {
  /// The TCP connection could not be made, or broke (refused, reset, end of file, connect timeout).
  case connection(String)
  /// The server did not answer within the command timeout. The connection is dropped, because a
  /// late reply would otherwise be read as the answer to the next command.
  case timeout(command: String, seconds: Double)
  /// The server answered with an error reply (`-ERR …`, `-WRONGTYPE …`); the connection is fine.
  case server(String)
  /// The reply could not be parsed or had an unexpected shape.
  case `protocol`(String)
  /// Reconnection gave up after `attempts` attempts (`REDIS_RECONNECT_MAX_RETRIES`).
  case unavailable(attempts: Int, lastError: String)
  /// `REDIS_CIRCUIT_*`: the circuit breaker is open, no attempt was made (the text says for how long).
  case circuitOpen(String)
  /// The client was closed.
  case closed
  /// The caller passed something Redis cannot take (e.g. a blocking timeout of zero).
  case invalidArgument(String)

  /// True when the connection is known or suspected dead (the client reconnects).
  public var isConnectionFailure: Bool {
    switch self {
    case .connection, .timeout, .protocol, .unavailable, .circuitOpen: return true
    case .server, .closed, .invalidArgument: return false
    }
  }

  /// A reconnection round that ended without one connection attempt (no retries allowed).
  var attemptedNothing: Bool {
    if case .unavailable(attempts: 0, _) = self { return true }
    return false
  }

  public var description: String {
    switch self {
    case .connection(let reason): return "Redis connection error: \(reason)"
    case .timeout(let command, let seconds): return "Redis \(command) timed out after \(seconds) s"
    case .server(let message): return "Redis error reply: \(message)"
    case .protocol(let reason): return "Redis protocol error: \(reason)"
    case .unavailable(let attempts, let lastError):
      return "Redis unavailable: reconnection failed after \(attempts) attempts (last error: \(lastError))"
    case .circuitOpen(let reason): return reason
    case .closed: return "Redis client is closed"
    case .invalidArgument(let reason): return "invalid Redis argument: \(reason)"
    }
  }
}
