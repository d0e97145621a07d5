import Foundation

/// A list that several threads append to (a loop thread's handler, concurrent clients) and the
/// test reads.
final class LockedList<Element>: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [Element] = []

  func append(_ element: Element) {
    lock.lock()
    list.append(element)
    lock.unlock()
  }

  var elements: [Element] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}
