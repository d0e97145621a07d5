/// A worker's loop stopped instead of reconnecting (the `skip-reconnect` defect): it has logged
/// `worker.giving_up` and shut down; `chaos-worker` exits 3 on it.
public struct WorkerGaveUp: Error, CustomStringConvertible {
  /// The error the loop would have reconnected after.
  public let reason: String

  public var description: String { "worker gave up: \(reason)" }
}
