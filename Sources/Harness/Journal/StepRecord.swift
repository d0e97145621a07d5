/// A timeline step as it ran: when it fired, when its effect ended (the fault window), and what failed.
public struct StepRecord: Sendable, Equatable, Codable {
  /// Position in the scenario's `timeline:`, from 0.
  public var index: Int
  /// `restart redis (down 4s)`.
  public var description: String
  /// `at 5s` or `after "Redis reconnection successful"`.
  public var trigger: String
  /// `file:line:column` of the step.
  public var location: String
  /// The verb: `restart`, `cut`, `kill worker`, …
  public var verb: String
  /// What it acts on: a service, a proxy or a worker instance.
  public var target: String
  /// `service`, `proxy` or `worker`.
  public var targetKind: String
  /// The service the step takes away or disturbs (for a proxy step, the service behind the proxy).
  public var service: String?
  /// True when the step makes the service unreachable (restart, stop, kill, pause, cut, blackhole, reset).
  public var interruptsService: Bool
  /// Seconds since the workload started; nil when the step never fired.
  public var startedAt: Double?
  /// When the step's effect ended: the service answered again, the fault was removed. Nil while it lasts.
  public var endedAt: Double?
  /// Why the step could not be carried out.
  public var error: String?
  /// For `after: N <event> on PROXY`: the count the proxy's tap had reached when the step fired.
  public var tapCount: Int?

  public init(
    index: Int, description: String, trigger: String, location: String, verb: String, target: String,
    targetKind: String, service: String?, interruptsService: Bool, startedAt: Double? = nil,
    endedAt: Double? = nil, error: String? = nil
  ) {
    self.index = index
    self.description = description
    self.trigger = trigger
    self.location = location
    self.verb = verb
    self.target = target
    self.targetKind = targetKind
    self.service = service
    self.interruptsService = interruptsService
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.error = error
  }
}
