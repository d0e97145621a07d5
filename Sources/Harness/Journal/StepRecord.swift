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
  /// What the step did, as the thing that did it reported: `3 connections reset`, `PID 4242 sent
  /// SIGKILL, ended with status 9; new process 4250`, `redis down at 5.0s, up at 9.1s`.
  public var effect: String?
  /// Why a step that never fired did not: `/tick \d+/ was logged 0 of 1 times`, `the run ended at 8.0s`.
  public var notFired: String?
  /// True for `optional: true`: never firing or failing does not fail the run. Nil = not optional.
  public var optional: Bool?

  /// A step that never fired or did not take effect, and is not optional: it fails the run.
  public var failsRun: Bool { optional != true && (startedAt == nil || error != nil) }

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
