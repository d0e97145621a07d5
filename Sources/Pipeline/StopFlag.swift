import Foundation

/// `shouldStop`, set by SIGTERM / SIGINT (or by a test) and read by the worker loops.
/// ``sleep(_:)`` waits but wakes as soon as the flag is set.
public final class StopFlag: @unchecked Sendable {
  private let condition = NSCondition()
  private var stopped = false
  private var signalName: String?
  private var sources: [DispatchSourceSignal] = []
  private var onStopActions: [(Double, @Sendable () -> Void)] = []

  public init() {}

  public var isSet: Bool {
    condition.lock()
    defer { condition.unlock() }
    return stopped
  }

  /// The signal that set the flag, if one did.
  public var signal: String? {
    condition.lock()
    defer { condition.unlock() }
    return signalName
  }

  public func set(signal: String? = nil) {
    condition.lock()
    let first = !stopped
    stopped = true
    if signalName == nil { signalName = signal }
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
    while !stopped {
      if !condition.wait(until: deadline) { break }
    }
    return !stopped
  }

  /// Sets the flag on SIGTERM and SIGINT instead of dying.
  public func trapSignals() {
    for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
      Foundation.signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in self?.set(signal: name) }
      source.resume()
      sources.append(source)
    }
  }
}
