/// The link events of one proxy, oldest first, keeping the newest ``capacity`` (a counter says how
/// many older ones were dropped). Loop-confined, like its ``ProxyRuntime``.
final class LinkEventLog {
  static let capacity = 100_000

  private var events: [LinkEvent] = []
  private var head = 0
  /// Events dropped because the log was full.
  private(set) var dropped = 0

  func append(_ event: LinkEvent) {
    if events.count - head >= Self.capacity {
      head += 1
      dropped += 1
      if head >= Self.capacity / 2 {
        events.removeFirst(head)
        head = 0
      }
    }
    events.append(event)
  }

  /// The events kept, oldest first.
  var all: [LinkEvent] { Array(events[head...]) }
}
