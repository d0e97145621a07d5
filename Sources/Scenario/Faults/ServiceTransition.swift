/// A service's state as `chaos validate` simulates it through the timeline's `at:` steps.
public enum ServiceState: String, Sendable {
  case running, stopped, paused
}

/// How a service verb moves a service from one ``ServiceState`` to another.
public struct ServiceTransition: Sendable, Equatable {
  /// States the service may be in when the verb comes.
  public var from: Set<ServiceState>
  /// The state after it.
  public var to: ServiceState
  /// What the error adds when the service is in another state.
  public var otherwise: String

  public init(from: Set<ServiceState>, to: ServiceState, otherwise: String) {
    self.from = from
    self.to = to
    self.otherwise = otherwise
  }
}
