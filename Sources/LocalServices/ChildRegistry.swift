import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Every child process chaos has started and that still runs, so that an interrupted run
/// (Ctrl-C, deadline, a failed test) can stop all of them and leave no orphan behind.
public final class ChildRegistry: @unchecked Sendable {
  public static let shared = ChildRegistry()
  private let lock = NSLock()
  private var children: [ObjectIdentifier: ChildProcess] = [:]

  func add(_ child: ChildProcess) {
    lock.lock()
    defer { lock.unlock() }
    if child.isRunning { children[ObjectIdentifier(child)] = child }
  }

  func remove(_ child: ChildProcess) {
    lock.lock()
    defer { lock.unlock() }
    children[ObjectIdentifier(child)] = nil
  }

  /// The children that still run.
  public var running: [ChildProcess] {
    lock.lock()
    defer { lock.unlock() }
    return Array(children.values)
  }

  /// Stops every child still running: SIGTERM to all, then SIGKILL to those left after `grace`.
  public func terminateAll(grace: Double = 5) {
    let all = running
    for child in all {
      child.send(SIGCONT)
      child.send(SIGTERM)
    }
    let deadline = Date().addingTimeInterval(grace)
    for child in all {
      _ = child.wait(timeout: max(0, deadline.timeIntervalSinceNow))
    }
    for child in all where child.isRunning {
      child.send(SIGKILL)
      _ = child.wait(timeout: 5)
    }
  }
}
