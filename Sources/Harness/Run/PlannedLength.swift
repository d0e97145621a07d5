import Scenario

/// How long a scenario is expected to take, known before it runs, so that `chaos run -j N` starts
/// the longest first and no lane is left running one long scenario alone at the end: the
/// workload's feeding time (jobs ÷ rate) or the end of the last `at:` step, whichever is later,
/// plus the boot of a RabbitMQ node of its own when the shared node cannot serve it (unless the
/// suite boots those ahead, ``PrivateBrokerPool``). Steps triggered by a log line or a protocol
/// event add nothing (their time is not known in advance).
enum PlannedLength {
  /// A private RabbitMQ node's boot: 7.04 s of wall time, the median of 5 boots with the private
  /// RABBITMQ_HOME (docs/suite.md, "The cut"); only the order of the scenarios depends on it.
  static let privateBrokerBoot = 7.0

  static func seconds(_ model: ScenarioModel, privateBootHidden: Bool = false) -> Double {
    var length = feeding(model.workload)
    for step in model.timeline {
      if case .at(let time) = step.trigger { length = max(length, time + (step.duration ?? 0)) }
    }
    let ownBroker = PrivateBrokerPool.nodes(for: model) > 0 && !privateBootHidden
    return length + (ownBroker ? privateBrokerBoot : 0)
  }

  private static func feeding(_ workload: Workload) -> Double {
    if let publish = workload.publish, let rate = publish.rate, rate > 0 {
      return Double(publish.messages) / rate
    }
    if let rate = workload.rate, rate > 0 { return Double(workload.jobs) / rate }
    return 0
  }
}
