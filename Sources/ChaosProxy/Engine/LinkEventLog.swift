import Foundation

/// The link events of one proxy, oldest first, keeping the newest ``capacity`` (a counter says how
/// many older ones were dropped). Shared by the proxy's shards on every loop thread (events are
/// recorded where the link lives), hence the lock; it is taken only at accept, upstream connect,
/// first exchange and close, never per byte.
final class LinkEventLog: @unchecked Sendable {
  static let capacity = 100_000

  private let lock = NSLock()
  private let hooks: EngineHooks
  private var events: [LinkEvent] = []
  private var head = 0
  /// Events dropped because the log was full.
  private var droppedCount = 0

  init(hooks: EngineHooks = EngineHooks()) { self.hooks = hooks }

  /// Keeps `event`, then hands it to the engine's link event handler.
  func append(_ event: LinkEvent) {
    lock.lock()
    if events.count - head >= Self.capacity {
      head += 1
      droppedCount += 1
      if head >= Self.capacity / 2 {
        events.removeFirst(head)
        head = 0
      }
    }
    events.append(event)
    lock.unlock()
    hooks.report(event)
  }

  /// The events kept, oldest first.
  var all: [LinkEvent] {
    lock.lock()
    defer { lock.unlock() }
    return Array(events[head...])
  }

  var dropped: Int {
    lock.lock()
    defer { lock.unlock() }
    return droppedCount
  }
}
