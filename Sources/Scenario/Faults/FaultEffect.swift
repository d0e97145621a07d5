/// What carrying out a step left behind, which decides when its window ends.
public enum FaultEffect: Sendable {
  /// Done when the action returned (a restart is back, links are reset, a worker restarted).
  case finished(detail: String?)
  /// A fault that lasts until `undo` runs: after the step's `for:`, or when a later `clear` comes.
  case lasting(undo: @Sendable () throws -> Void)
  /// The service stays down until a later `start` / `resume` step on it.
  case serviceDown
}
