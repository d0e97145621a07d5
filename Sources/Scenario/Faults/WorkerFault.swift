/// A verb on one instance of a worker: `kill worker: downloader`, `index: 2`.
public protocol WorkerFault: Fault {
  /// The worker's name (for built-ins, the role).
  var worker: String { get }
  /// 1-based instance; nil = the first.
  var index: Int? { get }
}

extension WorkerFault {
  public static var targetKind: FaultTargetKind { .worker }
  public static var duration: FaultDuration { .instant }
  public var target: String { WorkerFaults.instanceName(worker, index: index ?? 1) }
  public var description: String { "\(Self.verb) \(target)" }
}

/// A worker verb's parsing: the worker's name and `index:`.
protocol ParsedWorkerFault: WorkerFault, ParsedFault {
  init(worker: String, index: Int?)
}

extension ParsedWorkerFault {
  static var parameters: [String] { ["index"] }

  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    parser.workerTarget(step).map { Self(worker: $0.worker, index: $0.index) }
  }
}

/// What the worker verbs share.
public enum WorkerFaults {
  /// `downloader#2` (a built-in role), `celery.2` (any other worker): the name of instance `index`
  /// of a worker in steps and reports (``WorkerNaming``).
  public static func instanceName(_ worker: String, index: Int) -> String {
    WorkerNaming.instance(worker: worker, builtIn: WorkerRole(rawValue: worker) != nil, index: index)
  }
}
