import Foundation

@testable import Resilience

/// Runs a throwing closure on its own thread; ``wait(timeout:)`` gives its outcome.
final class AMQPBackgroundCall: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var error: Error?

  init(_ body: @escaping @Sendable () throws -> Void) {
    let thread = Thread { [self] in
      do { try body() } catch { self.set(error) }
      self.done.signal()
    }
    thread.start()
  }

  private func set(_ error: Error) {
    lock.lock()
    self.error = error
    lock.unlock()
  }

  /// nil when still running after `timeout`; otherwise `.some(nil)` on success or the error.
  func wait(timeout: Double) -> Error?? {
    guard done.wait(timeout: .now() + timeout) == .success else { return nil }
    done.signal()
    lock.lock()
    defer { lock.unlock() }
    return .some(error)
  }

  func wait() { _ = wait(timeout: 60) }
}
