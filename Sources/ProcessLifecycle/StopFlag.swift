import Foundation

/// Set when a process must stop early: by a signal (``StopSignals``: SIGINT, SIGTERM, SIGHUP), by
/// a closed standard output, or by a caller. `chaos run` polls it and tears down what it started;
/// a worker's loops read it and ``sleep(_:)`` wakes as soon as it is set.
///
/// The one stop mechanism of chaos and chaos-worker (issue 13 item 2; docs/hardening.md).
public final class StopFlag: @unchecked Sendable {
  private let condition = NSCondition()
  private var stopReason: String?
  private var onStopActions: [(Double, @Sendable () -> Void)] = []

  public init() {}

  public var isSet: Bool { reason != nil }

  /// The first reason given ("SIGTERM", "closed standard output"…), nil while not set.
  public var reason: String? {
    condition.lock()
    defer { condition.unlock() }
    return stopReason
  }

  /// Sets the flag; the first reason is kept.
  public func set(_ reason: String) {
    condition.lock()
    let first = stopReason == nil
    if first { stopReason = reason }
    let actions = first ? onStopActions : []
    condition.broadcast()
    condition.unlock()
    for (delay, action) in actions {
      DispatchQueue.global().asyncAfter(deadline: .now() + delay, execute: action)
    }
  }

  /// Runs `action` `delay` seconds after the flag is set (e.g. to interrupt a wait that ignores it).
  public func onStop(after delay: Double, _ action: @escaping @Sendable () -> Void) {
    condition.lock()
    onStopActions.append((delay, action))
    condition.unlock()
  }

  /// Sleeps `seconds`, or less when the flag is set meanwhile. Returns false when stopped.
  @discardableResult
  public func sleep(_ seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    condition.lock()
    defer { condition.unlock() }
    while stopReason == nil {
      if !condition.wait(until: deadline) { break }
    }
    return stopReason == nil
  }
}
