import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The current process of a server that is stopped and started again over its life: at most one
/// at a time, replaced on every start. Stopping, killing and signalling act on whichever runs now.
final class ChildSlot: @unchecked Sendable {
  private let lock = NSLock()
  private var child: ChildProcess?

  var current: ChildProcess? {
    lock.lock()
    defer { lock.unlock() }
    return child
  }

  func replace(with process: ChildProcess) {
    lock.lock()
    child = process
    lock.unlock()
  }

  /// The pid while the process runs.
  var pid: Int32? {
    guard let running = current, running.isRunning else { return nil }
    return running.pid
  }

  /// SIGTERM, SIGKILL after `grace` seconds; waits for the exit.
  func stop(grace: Double) {
    current?.terminate(grace: grace)
  }

  /// SIGKILL, as in a crash; waits for the exit.
  func kill() {
    let running = current
    running?.send(SIGKILL)
    _ = running?.wait(timeout: 10)
  }

  func send(_ signal: Int32) {
    current?.send(signal)
  }
}
