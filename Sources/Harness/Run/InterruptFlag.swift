import Foundation

/// Set when the run must stop early (SIGINT/SIGTERM through ``SignalTrap``, or a caller); the
/// runner polls it, stops what it started and tears down.
public final class InterruptFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var reason: String?

  public init() {}

  /// The first reason given, nil while not interrupted.
  public var interruption: String? {
    lock.lock()
    defer { lock.unlock() }
    return reason
  }

  public func interrupt(_ why: String) {
    lock.lock()
    defer { lock.unlock() }
    if reason == nil { reason = why }
  }
}
