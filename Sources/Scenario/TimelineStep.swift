/// One step of the `timeline:`: when it fires, what it does, and for how long.
public struct TimelineStep: Sendable, Equatable {
  public var trigger: Trigger
  public var action: StepAction
  /// `for: 3s` (proxy faults) — the fault is cleared after this many seconds; nil = until cleared.
  public var duration: Double?
  public var location: SourceLocation

  public init(trigger: Trigger, action: StepAction, duration: Double? = nil, location: SourceLocation) {
    self.trigger = trigger
    self.action = action
    self.duration = duration
    self.location = location
  }
}

/// When a step fires.
public enum Trigger: Sendable, Equatable {
  /// `at: 5s` — seconds after the workload starts (monotonic clock).
  case at(Double)
  /// `after: "Redis reconnection successful"` (optionally `from: downloader`, `count: 2`) — when a
  /// worker has logged the message (count times).
  case afterLog(message: String, from: String?, count: Int)
  /// `after: 20 deliveries on rabbitmq` — when the proxy's protocol tap has seen `count` events.
  case afterProtocol(count: Int, event: ProtocolEvent, proxy: String)
}

/// What a protocol tap counts (`after: N <event> on <proxy>`).
public enum ProtocolEvent: String, Sendable, Equatable, CaseIterable {
  case deliveries, acks, publishes, commands
}
