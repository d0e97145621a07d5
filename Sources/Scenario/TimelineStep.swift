/// One step of the `timeline:`: when it fires, what it does, and for how long.
public struct TimelineStep: Sendable, Equatable {
  public var trigger: Trigger
  public var action: StepAction
  /// `for: 3s` (proxy faults) — the fault is cleared after this many seconds; nil = until cleared.
  public var duration: Double?
  public var location: SourceLocation
  /// `optional: true` — the run does not fail when the step never fires or does nothing.
  public var optional: Bool

  public init(
    trigger: Trigger, action: StepAction, duration: Double? = nil, location: SourceLocation,
    optional: Bool = false
  ) {
    self.trigger = trigger
    self.action = action
    self.duration = duration
    self.location = location
    self.optional = optional
  }
}

/// When a step fires.
public enum Trigger: Sendable, Equatable {
  /// `at: 5s` — seconds after the workload starts (monotonic clock).
  case at(Double)
  /// `after: "Redis reconnection successful"` or `after: /tick \d+/` (optionally `from: downloader`,
  /// `count: 2`) — when a worker has logged a matching line (count times); matched as `log:` matches.
  case afterLog(message: LogPattern, from: String?, count: Int)
  /// `after: 20 deliveries on rabbitmq` — when the proxy's protocol tap has seen `count` events.
  case afterProtocol(count: Int, event: ProtocolEvent, proxy: String)
}

/// What a protocol tap counts (`after: N <event> on <proxy>`).
public enum ProtocolEvent: String, Sendable, Equatable, CaseIterable {
  case deliveries, acks, publishes, commands
}
