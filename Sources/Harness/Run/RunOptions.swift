import ProcessLifecycle
import Scenario

/// How ``ScenarioRunner`` runs a scenario.
public struct RunOptions: Sendable {
  /// Keep the temp dir (service data, logs) and print where it is.
  public var keep: Bool
  /// `chaos-worker`; nil = next to the running executable.
  public var workerBinary: String?
  /// Makes the proxy engine for one run (a fresh one per scenario, seeded from it); nil = no proxies available.
  public var faultInjectorFactory: (@Sendable (ScenarioModel) throws -> any FaultInjector)?
  /// Seconds to wait after the workload and the timeline are over, for the last acks to be logged.
  public var settle: Double
  /// Seconds to wait at most for every worker to log its first line before the workload starts.
  public var workerStartTimeout: Double
  /// Seconds a command worker has to become ready (its `ready:` line, or simply staying up);
  /// a worker that is not ready by then makes the run exit 2.
  public var commandReadyTimeout: Double = 60
  /// Redis key prefix of the pipeline (`CHAOS_KEY_PREFIX`).
  public var keyPrefix: String
  /// The suite's RabbitMQ node, for a scenario whose RabbitMQ it can serve
  /// (``SharedBroker/canServe(_:in:)``); nil = every scenario boots its own.
  public var sharedBroker: SharedBroker? = nil
  /// The suite's private RabbitMQ nodes booted ahead (`-j N`), for a local RabbitMQ the shared
  /// node cannot serve; nil = such a scenario boots its own.
  public var privateBrokers: PrivateBrokerPool? = nil
  /// Where each scenario's event stream goes: `<prefix>.<scenario>.events.jsonl` (one JSON line
  /// per worker line, as it happens; `chaos report` replays it). nil = `events.jsonl` in the run's
  /// temp dir, which only `keep` keeps.
  public var eventStreamPrefix: String? = nil
  /// Worker lines held in memory: nil = all (`chaos run`); a number = only the latest (at least
  /// that many), the checkers reading the tallies kept as lines arrive (`chaos soak`).
  public var retainedEvents: Int? = nil
  /// Set to stop the run early (SIGINT/SIGTERM).
  public var interrupt: StopFlag
  public var console: Console
  /// Called about every 0.1 s while the workload runs (`chaos soak`: checks and samples); a line it
  /// returns replaces the progress line.
  public var whileRunning: (@Sendable (Supervisor, EventJournal) -> String?)?

  public init(
    keep: Bool = false, workerBinary: String? = nil,
    faultInjectorFactory: (@Sendable (ScenarioModel) throws -> any FaultInjector)? = nil, settle: Double = 1,
    workerStartTimeout: Double = 15, keyPrefix: String = "chaos:", interrupt: StopFlag = StopFlag(),
    console: Console = .discard(), whileRunning: (@Sendable (Supervisor, EventJournal) -> String?)? = nil
  ) {
    self.keep = keep
    self.workerBinary = workerBinary
    self.faultInjectorFactory = faultInjectorFactory
    self.settle = settle
    self.workerStartTimeout = workerStartTimeout
    self.keyPrefix = keyPrefix
    self.interrupt = interrupt
    self.console = console
    self.whileRunning = whileRunning
  }
}

extension RunOptions {
  /// The options of the scenario at `index` of a suite of `count` files: the suite's shared node
  /// and private nodes booted ahead, a key prefix of its own (`<name>-<n>:`) when the suite has
  /// more than one file, and `console`.
  func forSuite(
    scenario model: ScenarioModel, at index: Int, of count: Int, broker: SharedBroker?,
    privateBrokers: PrivateBrokerPool? = nil, console: Console
  ) -> RunOptions {
    var options = self
    options.sharedBroker = broker
    options.privateBrokers = privateBrokers
    options.console = console
    if count > 1 { options.keyPrefix = "\(ScenarioRunner.safeName(model.name))-\(index + 1):" }
    return options
  }
}
