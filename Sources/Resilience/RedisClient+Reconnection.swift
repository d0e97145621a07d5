import Foundation
import LogVocabulary
import Logging

/// Reconnection with backoff and the background health check.
extension RedisClient {
  /// One reconnection round: `Starting Redis reconnection...`, then attempt n after
  /// `backoff.delay(attempt: n-1)` seconds, each on a fresh context proven with PING.
  /// Runs under the io lock, so never two at once.
  ///
  /// - Parameter waitForever: no attempt limit (the delay stays at the maximum); for start-up.
  func reconnectLocked(waitForever: Bool) throws {
    let round = beginRound()
    logger.warning("\(LogEvent.redisReconnecting)")
    connection?.close()
    connection = nil
    let loop = ReconnectionLoop(
      service: "redis", backoff: settings.redis.backoff, maxRetries: settings.redis.reconnectMaxRetries,
      waitForever: waitForever, logger: logger, breaker: circuit)
    let outcome = try loop.run(
      sleep: { delay in
        guard sleepUnlessClosed(delay) else {
          endRound(round, failure: .closed)
          throw RedisError.closed
        }
      },
      connect: { try openLocked() },
      failed: { _, error in
        lastFailure = Self.text(error)
        updateState { $0.consecutiveFailures += 1 }
      },
      connected: { endRound(round, failure: nil) })
    if case .circuitOpen(let open) = outcome {
      let failure = RedisError.circuitOpen(open.description)
      endRound(round, failure: failure)
      throw failure
    }
    guard case .exhausted(let attempt) = outcome else { return }
    let failure = RedisError.unavailable(attempts: attempt, lastError: lastFailure)
    endRound(round, failure: failure)
    logger.error(
      "\(LogEvent.redisReconnectionFailed)",
      metadata: ["service": "redis", "attempts": .stringConvertible(attempt), "error": .string(lastFailure)])
    throw failure
  }

  func beginRound() -> Int {
    status.lock()
    defer { status.unlock() }
    roundCounter += 1
    roundInProgress = roundCounter
    current.phase = .reconnecting
    return roundCounter
  }

  func endRound(_ round: Int, failure: RedisError?) {
    status.lock()
    defer { status.unlock() }
    roundInProgress = nil
    if let failure {
      // A round that attempted nothing (REDIS_RECONNECT_MAX_RETRIES 0) has no result a waiting
      // caller should take instead of its own try: `connect()` then makes its one attempt, as it
      // would have a moment later (the worker loop's round is one connection attempt, always).
      lastFailedRound = failure.attemptedNothing ? nil : (round, failure)
      current.phase = failure == .closed ? .disconnected : .failed
    } else {
      lastFailedRound = nil
      current.reconnections += 1
    }
  }

  /// Waits `seconds` unless ``close()`` is called; false when closed.
  func sleepUnlessClosed(_ seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    stopSignal.lock()
    defer { stopSignal.unlock() }
    while !closed && Date() < deadline {
      _ = stopSignal.wait(until: deadline)
    }
    return !closed
  }

  func startHealthThread() {
    stopSignal.lock()
    defer { stopSignal.unlock() }
    guard !healthThreadStarted, !closed else { return }
    healthThreadStarted = true
    let thread = Thread { [self] in
      while sleepUnlessClosed(settings.redis.healthCheckInterval) {
        healthCheck()
      }
      healthThreadDone.signal()
    }
    thread.name = "redis-health-check"
    thread.start()
  }

  /// One background check: PING; on failure `Redis health check failed` and a reconnection.
  /// Skipped while an operation holds the connection (that operation is itself a check).
  func healthCheck() {
    guard io.try() else { return }
    defer { io.unlock() }
    guard (try? throwIfClosed()) != nil, everConnected else { return }
    do {
      if let connection {
        do {
          _ = try connection.command([Array("PING".utf8)])
          markSuccess()
          return
        } catch {
          dropConnection(after: error)
        }
      }
      checkFailed(lastFailure, check: "background")
      try reconnectLocked(waitForever: false)
    } catch {
      // Logged by reconnectLocked; the next check or operation tries again.
    }
  }
}
