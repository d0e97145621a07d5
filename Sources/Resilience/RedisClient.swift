import Foundation
import LogVocabulary
import Logging

/// A resilient Redis client over hiredis: the reconnection design's reconnection contract.
///
/// - ``connect(waitForever:)`` opens the first connection; when Redis is down it waits with the
///   reconnection backoff (up to `REDIS_RECONNECT_MAX_RETRIES` attempts, or for ever).
/// - Every operation calls ``ensureConnected()`` first: with no connection it reconnects; when more
///   than ``quickCheckAfter`` seconds (10) passed since the last successful exchange it PINGs first.
/// - A background thread PINGs every `REDIS_HEALTH_CHECK_INTERVAL` seconds; a failed check logs
///   `Redis health check failed` and reconnects.
/// - A reconnection logs `Starting Redis reconnection...`, then waits `backoff.delay(attempt: n-1)`
///   before attempt n (logging `reconnect.attempt`), each attempt on a fresh hiredis context
///   checked with PING; it ends with `Redis reconnection successful` or, after max retries,
///   `Redis reconnection failed` and ``RedisError/unavailable(attempts:lastError:)``. Only one
///   reconnection runs at a time: callers arriving meanwhile wait for its result, and when it
///   failed they get its error instead of starting another.
/// - An operation that fails with a connection error reconnects and is sent once more (see
///   `RedisClient+Operations.swift` for which operations that is safe for). A command timeout is
///   not retried: the error is thrown at once and the connection is replaced on the next call.
///
/// Thread-safe: one connection, used under a lock, so commands from several threads are
/// serialised (a blocking BRPOP holds it for its duration). Call ``close()`` when done: it stops
/// the health-check thread.
public final class RedisClient: @unchecked Sendable {
  public let settings: ResilienceSettings
  /// Seconds after the last successful exchange beyond which ``ensureConnected()`` PINGs first.
  public let quickCheckAfter: Double
  let logger: Logger
  /// `REDIS_CIRCUIT_*`; nil when off (the default).
  public let circuit: CircuitBreaker?

  /// Guards `connection`, `everConnected`, `lastFailure`; held for every exchange with Redis.
  let io = NSLock()
  var connection: RedisConnection?
  var everConnected = false
  var lastFailure = "not connected"
  /// Called with the error when the very first connection try fails and the client goes on to wait
  /// for Redis with backoff (a worker started before its service). Set it before the first connect.
  public var onStartupWait: (@Sendable (String) -> Void)?
  var startupWaitReported = false

  /// Guards `current`, `roundInProgress`, `roundCounter`, `lastFailedRound`.
  let status = NSLock()
  var current = ConnectionState()
  var roundInProgress: Int?
  var roundCounter = 0
  var lastFailedRound: (id: Int, error: RedisError)?

  /// Guards `closed` and `healthThreadStarted`; broadcast on close to wake sleepers.
  let stopSignal = NSCondition()
  var closed = false
  var healthThreadStarted = false
  let healthThreadDone = DispatchSemaphore(value: 0)

  /// - Parameters:
  ///   - settings: URL, timeouts and the reconnection settings (`settings.redis`).
  ///   - logger: where the client's events go; they carry `component: redis`.
  ///   - quickCheckAfter: see ``quickCheckAfter``; the reconnection design's 10 s by default.
  public init(settings: ResilienceSettings, logger: Logger, quickCheckAfter: Double = 10) {
    self.settings = settings
    self.quickCheckAfter = quickCheckAfter
    var logger = logger
    logger[metadataKey: "component"] = "redis"
    self.logger = logger
    circuit = CircuitBreaker.make(service: "redis", settings: settings.redis, logger: logger)
  }

  deinit {
    connection?.close()
  }

  /// A snapshot of the connection state, for health checks. Never blocks on I/O.
  public var state: ConnectionState {
    status.lock()
    defer { status.unlock() }
    return current
  }

  /// Opens the first connection and starts the background health check.
  ///
  /// When Redis does not answer, this logs `Redis health check failed` and goes through the
  /// reconnection with backoff: up to `REDIS_RECONNECT_MAX_RETRIES` attempts, or until it
  /// succeeds or ``close()`` is called when `waitForever` is true (a worker started while Redis is
  /// down). Does nothing when already connected.
  public func connect(waitForever: Bool = false) throws {
    defer { startHealthThread() }
    let waitingFor = roundNow()
    io.lock()
    defer { io.unlock() }
    try throwIfClosed()
    try rethrowFailedRound(waitingFor)
    if connection != nil { return }
    try establishLocked(waitForever: waitForever)
  }

  /// Makes sure a working connection exists: reconnects when there is none, PINGs first when
  /// more than ``quickCheckAfter`` seconds passed since the last successful exchange.
  /// Every operation calls it; workers may call it from their own health checks.
  public func ensureConnected() throws {
    let waitingFor = roundNow()
    io.lock()
    defer { io.unlock() }
    try ensureConnectedLocked(waitingFor: waitingFor)
  }

  /// Stops the health-check thread, interrupts a reconnection's wait and closes the connection.
  /// Later calls throw ``RedisError/closed``. Waits for an operation in progress to finish.
  public func close() {
    stopSignal.lock()
    if closed {
      stopSignal.unlock()
      return
    }
    closed = true
    let threadRunning = healthThreadStarted
    stopSignal.broadcast()
    stopSignal.unlock()
    if threadRunning { healthThreadDone.wait() }
    io.lock()
    connection?.close()
    connection = nil
    io.unlock()
    updateState { $0.phase = .disconnected }
  }

  // MARK: - Under the io lock

  func ensureConnectedLocked(waitingFor: Int?) throws {
    try throwIfClosed()
    try rethrowFailedRound(waitingFor)
    guard let connection else {
      if everConnected {
        checkFailed(lastFailure, check: "connection")
        try reconnectLocked(waitForever: false)
      } else {
        try establishLocked(waitForever: false)
      }
      return
    }
    guard let last = state.lastSuccess, Date().timeIntervalSince(last) <= quickCheckAfter else {
      do {
        _ = try connection.command([Array("PING".utf8)])
        markSuccess()
      } catch {
        dropConnection(after: error)
        checkFailed(Self.text(error), check: "ping")
        try reconnectLocked(waitForever: false)
      }
      return
    }
  }

  /// Sends a command on the current connection. A server error reply leaves the connection in
  /// place; any other error drops it and logs `redis.command.failed`.
  func sendLocked(_ arguments: [[UInt8]], timeout: Double?) throws -> RedisValue {
    guard let connection else { throw RedisError.connection(lastFailure) }
    do {
      let value = try connection.command(arguments, timeout: timeout)
      markSuccess()
      return value
    } catch RedisError.server(let message) {
      markSuccess()
      throw RedisError.server(message)
    } catch {
      dropConnection(after: error)
      var fields: Logger.Metadata = ["command": .string(Self.commandName(arguments))]
      if case RedisError.timeout = error {
        fields["error"] = "timeout"
      } else {
        fields["error"] = .string(Self.text(error))
      }
      logger.warning("\(LogEvent.redisCommandFailed)", metadata: fields)
      throw error
    }
  }

  /// First connection: one immediate try, then the reconnection path. With the circuit breaker
  /// not closed there is no immediate try: the reconnection path fails fast or makes the probe.
  func establishLocked(waitForever: Bool) throws {
    if let circuit, circuit.state != .closed {
      try reconnectLocked(waitForever: false)
      return
    }
    do {
      try openLocked()
      circuit?.succeeded()
    } catch {
      lastFailure = Self.text(error)
      updateState { $0.consecutiveFailures += 1 }
      checkFailed(lastFailure, check: "connect")
      if !everConnected && !startupWaitReported {
        startupWaitReported = true
        onStartupWait?(lastFailure)
      }
      try reconnectLocked(waitForever: waitForever)
    }
  }

  /// A fresh context, proven with PING, becomes the connection.
  func openLocked() throws {
    let fresh = try RedisConnection(url: settings.redisURL, timeout: settings.redisCommandTimeout)
    _ = try fresh.command([Array("PING".utf8)])
    connection = fresh
    markSuccess()
    if !everConnected {
      everConnected = true
      logger.info("\(LogEvent.redisConnected)", metadata: ["url": .string(settings.redisURL.description)])
    }
  }

  func dropConnection(after error: Error) {
    connection?.close()
    connection = nil
    lastFailure = Self.text(error)
    updateState {
      $0.consecutiveFailures += 1
      if $0.phase == .connected { $0.phase = .disconnected }
    }
  }

  func checkFailed(_ error: String, check: String) {
    logger.warning(
      "\(LogEvent.redisHealthCheckFailed)", metadata: ["error": .string(error), "check": .string(check)])
  }

  // MARK: - State

  func markSuccess() {
    updateState {
      $0.phase = .connected
      $0.lastSuccess = Date()
      $0.consecutiveFailures = 0
    }
  }

  func updateState(_ change: (inout ConnectionState) -> Void) {
    status.lock()
    change(&current)
    status.unlock()
  }

  /// The reconnection running now, if any (read before waiting for the io lock).
  func roundNow() -> Int? {
    status.lock()
    defer { status.unlock() }
    return roundInProgress
  }

  /// A caller that waited for reconnection `waitingFor` gets its failure instead of a new round.
  func rethrowFailedRound(_ waitingFor: Int?) throws {
    guard let waitingFor, connection == nil else { return }
    status.lock()
    let failed = lastFailedRound
    status.unlock()
    if let failed, failed.id == waitingFor { throw failed.error }
  }

  func throwIfClosed() throws {
    stopSignal.lock()
    defer { stopSignal.unlock() }
    if closed { throw RedisError.closed }
  }

  static func text(_ error: Error) -> String {
    if let redis = error as? RedisError {
      switch redis {
      case .connection(let reason): return reason
      case .server(let message): return message
      default: return redis.description
      }
    }
    return String(describing: error)
  }

  static func commandName(_ arguments: [[UInt8]]) -> String {
    String(decoding: (arguments.first ?? []).prefix(32), as: UTF8.self).uppercased()
  }
}
