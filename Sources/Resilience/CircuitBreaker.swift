import Foundation
import LogVocabulary
import Logging

/// A circuit breaker around one service's reconnection (off unless `<PREFIX>_CIRCUIT_FAILURE_THRESHOLD`
/// is set): **closed** — attempts as usual; after `threshold` consecutive failed attempts it
/// **opens** — no attempt at all, every caller fails at once with ``CircuitOpenError``; after
/// `coolDown` seconds the next caller finds it **half-open** and makes exactly one attempt (the
/// probe, without backoff delay): success closes it, failure opens it again for another cool-down.
/// Each change is logged (`circuit.opened`, `circuit.half_open`, `circuit.closed`, with `service`).
public final class CircuitBreaker: @unchecked Sendable {
  public enum State: String, Sendable {
    case closed, open
    case halfOpen = "half_open"
  }

  public let service: String
  public let threshold: Int
  public let coolDown: Double
  private let logger: Logger
  private let lock = NSLock()
  private var current = State.closed
  private var failures = 0
  private var openedAt = Date.distantPast

  /// The breaker `settings` ask for, nil when `circuitFailureThreshold` is 0 (off).
  static func make(service: String, settings: ServiceSettings, logger: Logger) -> CircuitBreaker? {
    settings.circuitFailureThreshold > 0
      ? CircuitBreaker(service: service, settings: settings, logger: logger) : nil
  }

  public init(service: String, settings: ServiceSettings, logger: Logger) {
    self.service = service
    threshold = settings.circuitFailureThreshold
    coolDown = settings.circuitCoolDown
    self.logger = logger
  }

  public var state: State {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  /// Before a reconnection round: throws when open and still cooling down; true when this round
  /// is the half-open probe (one attempt, no delay).
  func admit() throws -> Bool {
    lock.lock()
    defer { lock.unlock() }
    switch current {
    case .closed: return false
    case .halfOpen: return true
    case .open:
      let waited = Date().timeIntervalSince(openedAt)
      guard waited >= coolDown else {
        throw CircuitOpenError(service: service, failures: failures, retryIn: coolDown - waited)
      }
      move(to: .halfOpen, [:])
      return true
    }
  }

  /// A failed attempt; the error to end the round with when the circuit (re)opened, else nil.
  func failed() -> CircuitOpenError? {
    lock.lock()
    defer { lock.unlock() }
    failures += 1
    guard current == .halfOpen || failures >= threshold else { return nil }
    openedAt = Date()
    move(
      to: .open,
      ["consecutive_failures": .stringConvertible(failures), "cool_down_s": .stringConvertible(coolDown)])
    return CircuitOpenError(service: service, failures: failures, retryIn: coolDown)
  }

  /// A successful attempt (in a round, or a client's immediate first try): closed again.
  func succeeded() {
    lock.lock()
    defer { lock.unlock() }
    failures = 0
    if current != .closed { move(to: .closed, [:]) }
  }

  private func move(to state: State, _ fields: Logger.Metadata) {
    current = state
    var metadata = fields
    metadata["service"] = .string(service)
    let message: String
    switch state {
    case .closed: message = LogEvent.circuitClosed
    case .open: message = LogEvent.circuitOpened
    case .halfOpen: message = LogEvent.circuitHalfOpen
    }
    if state == .open {
      logger.warning("\(message)", metadata: metadata)
    } else {
      logger.info("\(message)", metadata: metadata)
    }
  }
}

/// The circuit of a service is open: no connection attempt was made.
public struct CircuitOpenError: Error, Equatable, CustomStringConvertible {
  public let service: String
  public let failures: Int
  /// Seconds until the next attempt is allowed (the half-open probe).
  public let retryIn: Double

  public var description: String {
    let seconds = (retryIn * 10).rounded(.up) / 10
    return "\(LogEvent.displayName(service)) circuit open after \(failures) consecutive failed attempts; "
      + "no attempt for another \(seconds) s"
  }
}
