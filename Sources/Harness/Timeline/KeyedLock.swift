import Foundation

/// One lock per key: work under the same key runs one at a time, other keys are not held up.
/// Timeline steps each run on their own thread; two verbs on one service (a `start` fired while a
/// slow `stop` is still under way) must not overlap, or the start finds the old process alive.
final class KeyedLock: @unchecked Sendable {
  private let guardLock = NSLock()
  private var locks: [String: NSLock] = [:]

  func run<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
    guardLock.lock()
    let lock = locks[key] ?? NSLock()
    locks[key] = lock
    guardLock.unlock()
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
