import Synchronization

/// A count that links on any loop thread add to and any thread reads (a proxy's failed upstream
/// connects: its status is answered on the first loop, the failures happen on every loop).
final class SharedCounter: Sendable {
  private let count = Atomic<Int>(0)

  func increment() { count.add(1, ordering: .relaxed) }

  var value: Int { count.load(ordering: .relaxed) }
}
