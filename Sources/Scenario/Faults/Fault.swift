/// One verb of the nemesis: what a timeline step (or a soak fault) does to the run.
///
/// Each verb is one file: a value type holding its parsed parameters, which describes itself for
/// the console and reports and applies itself to a running scenario through a ``FaultSurface``,
/// returning how it is undone (``FaultEffect``). Parsing lives in the same file (``ParsedFault``)
/// and the verb is listed once in ``FaultVerbs/all``. The timeline scheduler knows no verb.
public protocol Fault: Sendable, Equatable {
  /// The key that names the verb in a `.scn` step: `throttle`, `kill worker`.
  static var verb: String { get }
  /// What the verb acts on: a proxy, a service or a worker.
  static var targetKind: FaultTargetKind { get }
  /// Whether `for:` applies and what the verb does without it.
  static var duration: FaultDuration { get }
  /// Whether `chaos soak` may draw it: it ends by itself (with its `for:`), leaving nothing down.
  static var soakable: Bool { get }
  /// Verbs on the same proxy that cannot apply at the same time as this one (besides itself).
  static var conflicts: FaultConflicts { get }

  /// The proxy, service or worker instance the step acts on (`redis`, `downloader#2`).
  var target: String { get }
  /// Console and report text: `throttle rabbitmq (10 KB/s)`.
  var description: String { get }
  /// After this step the service behind the target cannot be reached until it is back.
  var interruptsService: Bool { get }
  /// This step ends earlier windows on its target (`start`, `resume`, `restart`, `clear`).
  var bringsBack: Bool { get }
  /// How a service verb changes the service's state, for `chaos validate`'s timeline simulation.
  var serviceTransition: ServiceTransition? { get }
  /// Seconds the step keeps its target busy (a restart's `down:`), besides `for:`.
  var downtime: Double { get }

  /// Carries the step out on the run; returns when its immediate effect is in place.
  func apply(to run: any FaultSurface) throws -> FaultEffect
}

/// What a fault acts on.
public enum FaultTargetKind: String, Sendable {
  case proxy, service, worker
}

/// How `for:` relates to a verb.
public enum FaultDuration: Sendable, Equatable {
  /// No `for:` (service and worker verbs, `clear`).
  case instant
  /// Lasts until `for:` is over, or until a `clear` when it has none.
  case lasting
  /// An instant that `for:` may stretch into a window (`reset`).
  case instantOrLasting
}

/// Which other verbs on the same proxy contradict this one while both are in place.
public enum FaultConflicts: Sendable, Equatable {
  /// Only the same verb again.
  case sameVerb
  /// Every other fault on the proxy (`cut`).
  case everything
  /// The same verb and these.
  case also(Set<String>)

  func contains(_ verb: String) -> Bool {
    switch self {
    case .sameVerb: return false
    case .everything: return true
    case .also(let verbs): return verbs.contains(verb)
    }
  }
}

extension Fault {
  public static var soakable: Bool { false }
  public static var conflicts: FaultConflicts { .sameVerb }
  public var verb: String { Self.verb }
  public var targetKind: FaultTargetKind { Self.targetKind }
  public var interruptsService: Bool { false }
  public var bringsBack: Bool { false }
  public var serviceTransition: ServiceTransition? { nil }
  public var downtime: Double { 0 }

  /// Two lasting faults on one proxy that cannot both apply.
  public func conflicts(with other: any Fault) -> Bool {
    verb == other.verb || Self.conflicts.contains(other.verb) || other.conflictsBack(verb)
  }

  private func conflictsBack(_ verb: String) -> Bool { Self.conflicts.contains(verb) }
}
