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

/// What a step does.
public enum StepAction: Sendable, Equatable {
  // Faults on a proxy.
  /// `cut: redis` — the proxy refuses new connections and drops open ones.
  case cut(proxy: String)
  /// `delay: redis`, `latency: 300ms`, `jitter: 50ms`.
  case delay(proxy: String, latencyMs: Int, jitterMs: Int)
  /// `reset: rabbitmq` — every open link is reset (TCP RST) now.
  case reset(proxy: String)
  /// `blackhole: redis` — data is swallowed, connections stay open.
  case blackhole(proxy: String)
  /// `throttle: rabbitmq`, `rate: 10KB/s` (stored in KB/s).
  case throttle(proxy: String, rateKBps: Int)
  /// `slice: rabbitmq`, `size: 1`, `variation: 0`, `delay: 10us`.
  case slice(proxy: String, averageSize: Int, sizeVariation: Int, delayMicroseconds: Int)
  /// `clear: redis` — removes every fault from the proxy and enables it.
  case clear(proxy: String)

  // Service verbs.
  case restart(service: String, down: Double)
  case stop(service: String)
  case start(service: String)
  case kill(service: String)
  case pause(service: String)
  case resume(service: String)

  // Worker verbs: `kill worker: downloader` (index 1-based; nil = the first one).
  case killWorker(worker: String, index: Int?)
  case restartWorker(worker: String, index: Int?)
  /// `stop worker: downloader` — SIGTERM (graceful), not restarted.
  case stopWorker(worker: String, index: Int?)
}
