/// A worker instance the supervisor can act on: a process it started (``WorkerProcess``) or one
/// it only reaches through commands (``ExternalWorkerControl``).
public protocol ManagedWorker: AnyObject, Sendable {
  var instance: WorkerInstance { get }
  /// The process id, when the harness runs it.
  var pid: Int32? { get }
  /// False once the harness knows it exited (an external worker counts as running).
  var isRunning: Bool { get }
  func start() throws
  /// As in a crash: SIGKILL, or the external `kill:` command.
  func kill()
  /// Graceful stop; `grace` overrides the declared grace.
  func stop(grace: Double?)
  func restart(grace: Double?) throws
}
