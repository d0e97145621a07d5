import Foundation

/// Messages collected from several threads.
final class ErrorList: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []

  func append(_ message: String) {
    lock.lock()
    defer { lock.unlock() }
    list.append(message)
  }

  var items: [String] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}
