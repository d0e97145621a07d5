import Foundation
import LogVocabulary
import Logging

/// A RabbitMQ client that survives broker restarts: publisher confirms, manual acks, topology
/// recovery and reconnection with backoff, over rabbitmq-c.
///
/// **Threading.** rabbitmq-c is not thread-safe, so one lock guards the connection and every
/// call into it; any thread may call any method. ``nextDelivery(timeout:)`` waits in slices of at
/// most 0.25 s and lets go of the lock between slices, so a publish or an ack from another thread
/// gets through while a consumer waits. A reconnection runs under the lock too: only one at a
/// time, and other callers wait for its outcome. When heartbeats are on, a keeper thread polls an
/// idle connection (every heartbeat/4) so that heartbeats keep flowing while the caller is busy
/// elsewhere; deliveries it reads are kept for ``nextDelivery(timeout:)``.
///
/// **Reconnection.** A failed operation tears the stale connection down, logs
/// `RabbitMQ connection lost, reconnecting...`, then for attempt n = 1 … `reconnectMaxRetries`
/// waits `backoff.delay(attempt: n-1)`, logs `reconnect.attempt` and tries a fresh connection,
/// re-declaring the whole ``AMQPTopology`` (exchanges, queues, bindings, qos, consumers). After
/// the last attempt it logs `RabbitMQ reconnection failed` and throws
/// ``AMQPError/reconnectFailed(attempts:lastError:)``; the next call starts a new round.
///
/// **Deliveries** carry the connection generation they came on; acking one from an older
/// generation throws ``AMQPError/staleDelivery(deliveryTag:generation:currentGeneration:)`` and
/// sends nothing (the broker redelivers that message, with `redelivered` set).
public final class AMQPClient: @unchecked Sendable {
  private let settings: ResilienceSettings
  private let topology: AMQPTopology
  private let logger: Logger
  /// `RABBITMQ_CIRCUIT_*`; nil when off (the default).
  public let circuit: CircuitBreaker?
  /// Bound on socket open, login and each RPC (declarations, passive declares, close).
  private let operationTimeout: Double

  /// Guards `connection`, `generation`, `lastFailure`, `lastCall`: everything touching rabbitmq-c.
  private let lock = NSLock()
  private var connection: AMQPConnection?
  private var generation = 0
  private var consumerQueues: [String: String] = [:]
  private var lastFailure: String?
  /// Called with the error when the very first connection try fails and the client goes on to wait
  /// for the broker with backoff (a worker started before its service). Set it before the first connect.
  public var onStartupWait: (@Sendable (String) -> Void)?
  private var startupWaitReported = false
  private var lastCall = Date()

  /// Guards `current`, `isClosed`, `waitingCallers`, `keeper`; never held while doing I/O.
  private let stateLock = NSLock()
  private var current = ConnectionState()
  private var isClosed = false
  private var waitingCallers = 0
  private var keeperStarted = false

  /// The longest a consumer holds the lock while waiting for a delivery.
  private static let waitSlice = 0.25
  /// A connection unused for longer than this gets a round trip in ``ensureConnected()``.
  private static let quickCheckAge = 10.0

  public init(settings: ResilienceSettings, topology: AMQPTopology, logger: Logger) {
    self.settings = settings
    self.topology = topology
    var logger = logger
    logger[metadataKey: "component"] = "rabbitmq"
    self.logger = logger
    circuit = CircuitBreaker.make(service: "rabbitmq", settings: settings.rabbitmq, logger: logger)
    let heartbeat = Double(settings.rabbitHeartbeat)
    operationTimeout = heartbeat > 0 ? max(2 * heartbeat, 5) : 10
  }

  deinit {
    connection?.abandon()
  }

  /// A snapshot of the connection's state, for health endpoints and logs.
  public var state: ConnectionState {
    stateLock.lock()
    defer { stateLock.unlock() }
    return current
  }

  /// The current connection generation: 0 before the first connection, +1 per (re)connection.
  public var connectionGeneration: Int {
    withConnectionLock { generation }
  }

  // MARK: connecting

  /// Connects and declares the topology. When the broker is down, waits with backoff
  /// (`reconnect.attempt` events) up to `reconnectMaxRetries` attempts, then throws
  /// ``AMQPError/reconnectFailed(attempts:lastError:)``. Does nothing when already connected.
  ///
  /// After a connection was lost (a later generation), this is a reconnection: the backoff loop
  /// from its first wait, with no immediate try of its own. A caller that already waited (a
  /// worker's loop) would otherwise add an attempt outside the schedule, which the proxy sees.
  public func connect() throws {
    try topology.validate()
    try withConnectionLock {
      guard connection?.isOpen != true else { return }
      _ = try usableConnectionLocked()
    }
  }

  /// Makes sure the connection is usable before an operation: reads what the broker already sent
  /// (so a close or a missed heartbeat is noticed), reconnects when the connection is down, and
  /// when the last successful exchange is older than 10 s, checks it with a round trip first.
  /// Throws when reconnection fails or the client is closed.
  public func ensureConnected() throws {
    try withConnectionLock {
      let live = try usableConnectionLocked()
      let recent = state.lastSuccess.map { Date().timeIntervalSince($0) <= Self.quickCheckAge } ?? false
      do {
        if recent { try live.poll() } else { try probeLocked(live) }
      } catch let error as AMQPError where Self.probeNeedsReconnect(error) {
        teardownLocked(error)
        _ = try usableConnectionLocked()
      }
    }
  }

  /// Checks that the connection and its channel are open with a round trip (a passive declare of
  /// the first topology queue, after reading whatever the broker sent). Logs
  /// `RabbitMQ health check failed` and drops the connection when it is not healthy; the next
  /// operation (or ``ensureConnected()``) reconnects. Never throws.
  @discardableResult
  public func healthCheck() -> Bool {
    withConnectionLock {
      guard let live = connection, live.isOpen else {
        logger.warning(
          "\(LogEvent.rabbitmqHealthCheckFailed)",
          metadata: ["error": .string(lastFailure ?? "not connected")])
        recordFailure()
        return false
      }
      do {
        try probeLocked(live)
        return true
      } catch {
        logger.warning("\(LogEvent.rabbitmqHealthCheckFailed)", metadata: ["error": .string("\(error)")])
        recordFailure()
        teardownLocked(error)
        return false
      }
    }
  }

  /// Closes the connection politely (unacked deliveries go back to their queues) and stops the
  /// client: every later call throws ``AMQPError/closed``. A reconnection in progress stops at
  /// its next wait.
  public func close() {
    stateLock.lock()
    isClosed = true
    stateLock.unlock()
    withConnectionLock {
      connection?.close()
      connection = nil
    }
    updateState { $0.phase = .disconnected }
  }

  // MARK: publishing

  /// Publishes a persistent JSON message and returns only once the broker confirmed it.
  ///
  /// On failure logs `message.publish.failed`; with `retryOnFailure` it reconnects (with backoff)
  /// when the connection broke, and publishes once more; if that fails too, it throws. A message
  /// is never dropped silently: it is confirmed, or this throws. After a lost confirm the retry
  /// may store the message twice (at-least-once).
  public func publish(exchange: String, routingKey: String, body: Data, retryOnFailure: Bool = true) throws {
    guard exchange.utf8.count <= 255, routingKey.utf8.count <= 255 else {
      throw AMQPError.invalidArgument("exchange and routing key must be at most 255 bytes")
    }
    try withConnectionLock {
      do {
        try publishLocked(exchange: exchange, routingKey: routingKey, body: body)
      } catch {
        let retrying = retryOnFailure && Self.worthRetrying(error)
        publishFailedLocked(routingKey: routingKey, error: error, retrying: retrying)
        guard retrying else { throw error }
        do {
          try publishLocked(exchange: exchange, routingKey: routingKey, body: body)
        } catch {
          publishFailedLocked(routingKey: routingKey, error: error, retrying: false)
          throw error
        }
      }
    }
  }

  /// Logs `message.publish.failed` and drops the connection when the error broke it.
  private func publishFailedLocked(routingKey: String, error: Error, retrying: Bool) {
    logger.warning(
      "\(LogEvent.messagePublishFailed)",
      metadata: [
        "routing_key": .string(routingKey), "error": .string("\(error)"),
        "retrying": .stringConvertible(retrying),
      ])
    if let amqp = error as? AMQPError, amqp.breaksConnection { teardownLocked(amqp) }
  }

  // MARK: consuming

  /// The next message from the topology's consumers, waiting at most `timeout` seconds (0 polls);
  /// nil when none came. A lost connection is recovered inside the wait (consumers re-declared);
  /// throws when reconnection fails or the client is closed.
  public func nextDelivery(timeout: Double) throws -> AMQPDelivery? {
    guard timeout.isFinite, timeout >= 0 else {
      throw AMQPError.invalidArgument("timeout must be zero or more seconds, got \(timeout)")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let delivery: AMQPDelivery? = try withConnectionLock {
        let live = try usableConnectionLocked()
        let slice = min(max(deadline.timeIntervalSinceNow, 0), Self.waitSlice)
        do {
          guard let raw = try live.nextDelivery(timeout: slice) else { return nil }
          markSuccess()
          return AMQPDelivery(
            body: raw.body, exchange: raw.exchange, routingKey: raw.routingKey,
            queue: consumerQueues[raw.consumerTag] ?? "", deliveryTag: raw.deliveryTag,
            redelivered: raw.redelivered, generation: generation)
        } catch let error as AMQPError where error.breaksConnection {
          teardownLocked(error)
          _ = try usableConnectionLocked()
          return nil
        }
      }
      if let delivery { return delivery }
      if deadline.timeIntervalSinceNow <= 0 { return nil }
      if hasWaitingCallers() { usleep(2_000) }
    }
  }

  /// Acknowledges a delivery. Throws ``AMQPError/staleDelivery(deliveryTag:generation:currentGeneration:)``
  /// (and logs `message.ack.stale`) when it came on an earlier connection or the connection it came
  /// on is gone: nothing is sent, and the broker redelivers the message.
  public func ack(_ delivery: AMQPDelivery) throws {
    try settle(delivery, operation: "ack") { try $0.ack(deliveryTag: delivery.deliveryTag) }
  }

  /// Rejects a delivery, back to its queue when `requeue`. Same stale-delivery rule as ``ack(_:)``.
  public func nack(_ delivery: AMQPDelivery, requeue: Bool) throws {
    try settle(delivery, operation: "nack") {
      try $0.nack(deliveryTag: delivery.deliveryTag, requeue: requeue)
    }
  }

  // MARK: inspection

  /// Ready messages and consumers of a queue (passive declare on a side channel). Throws
  /// ``AMQPError/queueNotFound(_:)`` when it does not exist.
  public func queueStatus(_ name: String) throws -> (messages: Int, consumers: Int) {
    guard !name.isEmpty, name.utf8.count <= 255 else {
      throw AMQPError.invalidArgument("queue name must be 1…255 bytes")
    }
    return try withConnectionLock {
      let live = try usableConnectionLocked()
      do {
        let status = try live.queueStatus(name)
        markSuccess()
        return status
      } catch let error as AMQPError where error.breaksConnection {
        teardownLocked(error)
        throw error
      }
    }
  }

  // MARK: internals (all *Locked methods run with `lock` held)

  private func settle(
    _ delivery: AMQPDelivery, operation: String, _ send: (AMQPConnection) throws -> Void
  ) throws {
    try withConnectionLock {
      guard delivery.generation == generation, let live = connection, live.isOpen else {
        let stale = AMQPError.staleDelivery(
          deliveryTag: delivery.deliveryTag, generation: delivery.generation, currentGeneration: generation)
        logger.warning(
          "message.ack.stale",
          metadata: [
            "operation": .string(operation), "delivery_tag": .stringConvertible(delivery.deliveryTag),
            "generation": .stringConvertible(delivery.generation),
            "current_generation": .stringConvertible(generation),
          ])
        throw stale
      }
      do {
        try send(live)
        markSuccess()
      } catch let error as AMQPError {
        if error.breaksConnection { teardownLocked(error) }
        throw error
      }
    }
  }

  private func publishLocked(exchange: String, routingKey: String, body: Data) throws {
    let live = try usableConnectionLocked()
    try live.publish(
      exchange: exchange, routingKey: routingKey, body: body, confirmTimeout: settings.rabbitConfirmTimeout)
    markSuccess()
  }

  /// The open connection; reconnects first when there is none.
  private func usableConnectionLocked() throws -> AMQPConnection {
    if closedFlag() { throw AMQPError.closed }
    if let live = connection, live.isOpen { return live }
    if generation == 0 {
      try connectLocked()
    } else {
      let reason = lastFailure ?? "connection is not open"
      logger.warning("\(LogEvent.rabbitmqConnectionLost)", metadata: ["error": .string(reason)])
      try reconnectLocked(lastError: reason)
    }
    guard let live = connection else { throw AMQPError.connectionLost("no connection after reconnecting") }
    return live
  }

  /// First connection: one immediate try, then the backoff loop.
  private func connectLocked() throws {
    if let circuit, circuit.state != .closed {
      // No immediate try while the breaker is not closed: fail fast or make the probe.
      try reconnectLocked(lastError: lastFailure ?? "circuit not closed")
      return
    }
    do {
      try openLocked()
      circuit?.succeeded()
    } catch let error as AMQPError where error.breaksConnection {
      logger.warning("\(LogEvent.rabbitmqConnectFailed)", metadata: ["error": .string("\(error)")])
      recordFailure()
      if generation == 0 && !startupWaitReported {
        startupWaitReported = true
        onStartupWait?("\(error)")
      }
      try reconnectLocked(lastError: "\(error)")
    }
  }

  private func reconnectLocked(lastError initialError: String) throws {
    teardownLocked(nil)
    updateState { $0.phase = .reconnecting }
    var lastError = initialError
    let loop = ReconnectionLoop(
      service: "rabbitmq", backoff: settings.rabbitmq.backoff,
      maxRetries: settings.rabbitmq.reconnectMaxRetries,
      logger: logger, breaker: circuit)
    let outcome = try loop.run(
      sleep: { try sleepUnlessClosed($0) },
      connect: { try openLocked() },
      failed: { attempt, error in
        guard let error = error as? AMQPError, error.breaksConnection else { throw error }
        lastError = "\(error)"
        recordFailure()
        logger.warning(
          "\(LogEvent.rabbitmqConnectFailed)",
          metadata: ["attempt": .stringConvertible(attempt), "error": .string(lastError)])
      },
      connected: { updateState { $0.reconnections += 1 } })
    if case .circuitOpen(let open) = outcome {
      updateState { $0.phase = .failed }
      throw AMQPError.circuitOpen(open.description)
    }
    guard case .exhausted(let attempt) = outcome else { return }
    updateState { $0.phase = .failed }
    logger.error(
      "\(LogEvent.rabbitmqReconnectionFailed)",
      metadata: ["service": "rabbitmq", "attempts": .stringConvertible(attempt)])
    throw AMQPError.reconnectFailed(attempts: attempt, lastError: lastError)
  }

  /// A fresh connection with the whole topology declared; the generation goes up by one.
  private func openLocked() throws {
    let fresh = try AMQPConnection(
      url: settings.rabbitURL, heartbeat: settings.rabbitHeartbeat, timeout: operationTimeout)
    do {
      try fresh.declare(topology)
    } catch {
      fresh.abandon()
      throw error
    }
    connection = fresh
    consumerQueues = fresh.consumerQueues
    generation += 1
    lastFailure = nil
    updateState {
      $0.phase = .connected
      $0.lastSuccess = Date()
      $0.consecutiveFailures = 0
    }
    logger.info(
      "\(LogEvent.rabbitmqConnected)",
      metadata: [
        "url": .string(settings.rabbitURL.description), "generation": .stringConvertible(generation),
      ])
    startKeeperIfNeeded()
  }

  /// Reads pending frames, then a real round trip: passive declare of a topology queue.
  private func probeLocked(_ live: AMQPConnection) throws {
    try live.poll()
    if let queue = topology.queues.first?.name ?? topology.consumeQueues.first {
      _ = try live.queueStatus(queue)
    }
    markSuccess()
  }

  /// Drops the connection without a handshake (its socket is dead or unusable).
  private func teardownLocked(_ error: Error?) {
    if let error { lastFailure = "\(error)" }
    connection?.abandon()
    connection = nil
    consumerQueues = [:]
    updateState { if $0.phase == .connected { $0.phase = .disconnected } }
  }

  private func sleepUnlessClosed(_ seconds: Double) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      if closedFlag() { throw AMQPError.closed }
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 { return }
      Thread.sleep(forTimeInterval: min(remaining, 0.05))
    }
  }

  // MARK: the heartbeat keeper

  private func startKeeperIfNeeded() {
    guard settings.rabbitHeartbeat > 0 else { return }
    stateLock.lock()
    let start = !keeperStarted
    keeperStarted = true
    stateLock.unlock()
    guard start else { return }
    let interval = max(Double(settings.rabbitHeartbeat) / 4, 0.1)
    let thread = Thread { [weak self] in
      while true {
        Thread.sleep(forTimeInterval: interval)
        guard let self, !self.closedFlag() else { return }
        self.keepAlive(idleFor: interval)
      }
    }
    thread.name = "amqp-heartbeat"
    thread.start()
  }

  /// Polls the connection when no caller used it for `idleFor` seconds, so rabbitmq-c sends our
  /// heartbeats and notices a silent broker. Never waits for the lock.
  private func keepAlive(idleFor: Double) {
    guard lock.try() else { return }
    defer { lock.unlock() }
    guard let live = connection, live.isOpen, Date().timeIntervalSince(lastCall) >= idleFor else { return }
    do {
      try live.poll()
    } catch {
      teardownLocked(error)
    }
  }

  // MARK: locking and state

  private func withConnectionLock<T>(_ body: () throws -> T) rethrows -> T {
    stateLock.lock()
    waitingCallers += 1
    stateLock.unlock()
    lock.lock()
    stateLock.lock()
    waitingCallers -= 1
    stateLock.unlock()
    defer {
      lastCall = Date()
      lock.unlock()
    }
    return try body()
  }

  private func hasWaitingCallers() -> Bool {
    stateLock.lock()
    defer { stateLock.unlock() }
    return waitingCallers > 0
  }

  private func closedFlag() -> Bool {
    stateLock.lock()
    defer { stateLock.unlock() }
    return isClosed
  }

  private func updateState(_ change: (inout ConnectionState) -> Void) {
    stateLock.lock()
    change(&current)
    stateLock.unlock()
  }

  private func markSuccess() {
    updateState {
      $0.phase = .connected
      $0.lastSuccess = Date()
      $0.consecutiveFailures = 0
    }
  }

  private func recordFailure() {
    updateState { $0.consecutiveFailures += 1 }
  }

  /// A probe failure that a fresh connection fixes: a dead link, or a topology queue that
  /// vanished (reconnecting re-declares it).
  private static func probeNeedsReconnect(_ error: AMQPError) -> Bool {
    if case .queueNotFound = error { return true }
    return error.breaksConnection
  }

  private static func worthRetrying(_ error: Error) -> Bool {
    guard let error = error as? AMQPError else { return false }
    switch error {
    case .closed, .invalidArgument, .reconnectFailed, .staleDelivery, .queueNotFound, .circuitOpen:
      return false
    default: return true
    }
  }
}
