import Scenario

/// Carries out timeline actions on real things: services, proxies, workers.
public protocol StepExecutor: Sendable {
  /// Performs `action` and returns when its immediate effect is in place (a restarted service answers again).
  func perform(_ action: StepAction) throws -> FaultEffect
}
