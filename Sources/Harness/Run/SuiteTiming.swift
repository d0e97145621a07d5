/// What a suite cost: its wall time beside the sum of its scenarios' timelines (time 0 to the end
/// of the workload and the timeline, ``RunJournal/workloadEndedAt``), and how many RabbitMQ nodes
/// it booted. Everything else — booting services and workers, settling, checking, tearing down —
/// is overhead; issue 15's target is a ratio of at most ``target`` with two scenarios at a time
/// (`-j 2`, the default on two cores).
public struct SuiteTiming: Sendable, Equatable, Codable {
  /// The ratio the suite should stay under at `-j 2` (it was 1.3 one at a time, before `-j`).
  public static let target = 0.6

  /// Seconds from the start of `chaos run` to the end of its teardown (the shared node stopped).
  public var wallTime: Double
  /// Seconds: the sum of the scenarios' timelines.
  public var timelineTime: Double
  /// `wallTime / timelineTime`; nil when no timeline ran.
  public var ratio: Double?
  /// Times the suite's shared RabbitMQ node was booted (normally 1, or 0 when no scenario could use it).
  public var sharedBrokerBoots: Int
  /// Scenarios whose RabbitMQ ran on the shared node.
  public var scenariosOnSharedBroker: Int
  /// RabbitMQ nodes booted in all: the shared one plus one per scenario that had its own, plus
  /// those booted ahead and never used.
  public var rabbitmqNodes: Int
  /// Private nodes booted ahead by the suite (``PrivateBrokerPool``), used or not; nil in journals
  /// written before this field existed.
  public var prebootedNodes: Int?
  /// Scenarios' RabbitMQ services that ran on a node booted ahead.
  public var prebootedAdopted: Int?

  public init(wallTime: Double, outcomes: [RunOutcome], sharedBrokerBoots: Int, prebootedNodes: Int = 0) {
    self.wallTime = wallTime
    timelineTime = outcomes.compactMap(\.journal.workloadEndedAt).reduce(0, +)
    ratio = timelineTime > 0 ? wallTime / timelineTime : nil
    self.sharedBrokerBoots = sharedBrokerBoots
    scenariosOnSharedBroker = outcomes.filter { !($0.journal.sharedServices ?? []).isEmpty }.count
    let adopted = outcomes.reduce(0) { $0 + ($1.journal.prebootedServices ?? []).count }
    self.prebootedNodes = prebootedNodes
    prebootedAdopted = adopted
    rabbitmqNodes =
      sharedBrokerBoots + max(0, prebootedNodes - adopted)
      + outcomes.reduce(0) { count, outcome in
        let journal = outcome.journal
        let own = journal.scenario.services.filter { name, kind in
          kind == "rabbitmq" && journal.scenario.external[name] == nil
            && !(journal.sharedServices ?? []).contains(name) && journal.endpoints[name] != nil
        }
        return count + own.count
      }
  }

  /// The lines printed at the end of a run of `scenarios` scenarios: none for a single one (a
  /// ratio and node count say something only about a suite).
  public func lines(scenarios: Int) -> [String] { scenarios > 1 ? lines : [] }

  /// The lines printed at the end of a suite.
  public var lines: [String] {
    let ratioText = ratio.map { String(format: "%.3f×", $0) } ?? "n/a"
    return [
      "Suite wall time \(Seconds.precise(wallTime)); scenarios' timelines \(Seconds.precise(timelineTime))"
        + " (time 0 → end of workload and timeline, summed); ratio \(ratioText)"
        + " (target ≤ \(String(format: "%.2f", SuiteTiming.target))× at -j 2)",
      "RabbitMQ nodes booted: \(rabbitmqNodes) (the shared node \(sharedBrokerBoots)×, used by"
        + " \(scenariosOnSharedBroker) scenarios; one each for the others"
        + ((prebootedNodes ?? 0) > 0
          ? ", \(prebootedNodes ?? 0) booted ahead, \(prebootedAdopted ?? 0) of them used)" : ")"),
    ]
  }
}
