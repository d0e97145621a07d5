/// The running scenario as faults see it: its proxies, services and workers. The harness
/// implements it over its supervisor and proxy engine; a fault never sees more than this.
public protocol FaultSurface: Sendable {
  /// The proxies; throws when the run has no proxy engine.
  func proxies() throws -> any ProxyFaults
  /// Runs `body` on service `name`; verbs on one service run one after another, never overlapping.
  func withService(_ name: String, _ body: (any ServiceControl) throws -> Void) throws
  /// Instance `index` (1-based, nil = the first) of worker `name` (for built-ins the role).
  func worker(_ name: String, index: Int?) throws -> any WorkerControl
}

/// Faults on named proxies, as Toxiproxy offers them: enable/disable, toxics, resets.
public protocol ProxyFaults: AnyObject, Sendable {
  /// Disabled: new connections are refused and open ones dropped; enabled again undoes it.
  func setEnabled(_ proxy: String, _ enabled: Bool) throws
  /// Cut: open connections dropped; new ones are still accepted (so the attempts are seen) and
  /// reset at once, until ``setEnabled(_:_:)`` with true.
  func cut(_ proxy: String) throws
  /// Adds a toxic; returns its name, for ``removeToxic(_:_:)``.
  func addToxic(_ proxy: String, _ toxic: ToxicRequest) throws -> String
  /// Removes one toxic added earlier.
  func removeToxic(_ proxy: String, _ name: String) throws
  /// Resets (TCP RST) every open connection through the proxy; returns how many.
  func resetLinks(_ proxy: String) throws -> Int
  /// Removes every toxic and enables the proxy.
  func clear(_ proxy: String) throws
}

extension ProxyFaults {
  /// A proxy that cannot keep listening while cut refuses connections instead.
  public func cut(_ proxy: String) throws { try setEnabled(proxy, false) }
}

/// A toxic as a fault asks for it: a Toxiproxy type (`latency`, `bandwidth`, `slicer`, `timeout`, …),
/// a stream (`downstream`: from the service; `upstream`: to it), a toxicity and integer attributes.
public struct ToxicRequest: Sendable, Equatable {
  public var type: String
  public var stream: String
  public var toxicity: Double
  public var attributes: [String: Int]

  public init(type: String, stream: String = "downstream", toxicity: Double = 1, attributes: [String: Int]) {
    self.type = type
    self.stream = stream
    self.toxicity = toxicity
    self.attributes = attributes
  }
}

/// A service the run controls (started by the harness, or external with commands).
public protocol ServiceControl: AnyObject, Sendable {
  func start() throws
  func stop() throws
  func kill() throws
  func pause() throws
  func resume() throws
  func restart(down: Double) throws
}

/// One worker process the run supervises.
public protocol WorkerControl: AnyObject, Sendable {
  var pid: Int32? { get }
  func start() throws
  /// SIGKILL; what it reached, nil when no process of the instance was running.
  @discardableResult func kill() -> WorkerVerbOutcome?
  /// The worker's stop signal, then SIGKILL after its grace; nil when nothing was running.
  @discardableResult func stop() -> WorkerVerbOutcome?
  /// ``stop()`` then a new process; returns what the stop did.
  @discardableResult func restart() throws -> WorkerVerbOutcome?
}
