/// What a worker verb did, as the supervisor saw it: the process it signalled (PID, signal) and
/// how that process ended — or, for an external worker, the command it ran and its exit status.
public struct WorkerVerbOutcome: Sendable, Equatable, CustomStringConvertible {
  /// The process signalled; nil for an external worker (a command acted on it).
  public var pid: Int32?
  /// `SIGKILL`, `SIGTERM`, …; nil for an external worker.
  public var signal: String?
  /// The command an external worker's verb ran.
  public var command: String?
  /// Exit code, or the signal number it died of; nil when it had not ended when the wait was over.
  public var status: Int32?

  public init(pid: Int32? = nil, signal: String? = nil, command: String? = nil, status: Int32?) {
    self.pid = pid
    self.signal = signal
    self.command = command
    self.status = status
  }

  /// `PID 4242 sent SIGKILL, ended with status 9` or `` `kubectl delete pod w-0` exited with status 0 ``.
  public var description: String {
    let ending = status.map { "ended with status \($0)" } ?? "had not ended when the wait was over"
    if let pid { return "PID \(pid) sent \(signal ?? "a signal"), \(ending)" }
    return "`\(command ?? "?")` " + (status.map { "exited with status \($0)" } ?? "did not finish")
  }
}

/// A step that was carried out but found nothing to act on (`kill worker` with no live process):
/// the run reports it as a step that did not take effect.
public struct FaultFoundNothing: Error, CustomStringConvertible {
  public var reason: String

  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}
