import Scenario

/// A worker instance the supervisor can act on: a process it started (``WorkerProcess``) or one
/// it only reaches through commands (``ExternalWorkerControl``). The fault verbs see it as a
/// ``WorkerControl``.
public protocol ManagedWorker: WorkerControl {
  var instance: WorkerInstance { get }
  /// False once the harness knows it exited (an external worker counts as running).
  var isRunning: Bool { get }
  /// Graceful stop; `grace` overrides the declared grace.
  @discardableResult func stop(grace: Double?) -> WorkerVerbOutcome?
  @discardableResult func restart(grace: Double?) throws -> WorkerVerbOutcome?
}

extension ManagedWorker {
  /// The declared stop signal, SIGKILL after the declared grace.
  @discardableResult public func stop() -> WorkerVerbOutcome? { stop(grace: nil) }
  @discardableResult public func restart() throws -> WorkerVerbOutcome? { try restart(grace: nil) }
}
