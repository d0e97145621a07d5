import Scenario

/// Checks, before anything starts, that this harness can run a (parsed, valid) scenario: what it
/// names exists, and it asks for nothing this build cannot do (proxies need a proxy engine; a
/// protocol trigger names a declared proxy whose tap counts that event: `deliveries`, `acks`,
/// `publishes` in front of RabbitMQ, `commands` in front of Redis). Each problem names the `file:line:column` it comes from.
public enum HarnessValidation {
  public static func problems(_ model: ScenarioModel, hasProxyEngine: Bool) -> [String] {
    var problems: [String] = []
    let services = Dictionary(model.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let proxies = Set(model.proxies.map(\.name))
    if model.soak != nil {
      problems.append(
        "\(model.file): a soak scenario (it has 'soak:'); run it with `chaos soak FILE --duration 10m`")
    }
    if model.deadline <= 0 { problems.append("\(model.file): deadline must be positive") }
    if !model.proxies.isEmpty && !hasProxyEngine {
      problems.append(
        "\(model.proxies[0].location): proxies need the ChaosProxy engine, which this build of chaos does not have"
      )
    }
    for proxy in model.proxies where services[proxy.service] == nil {
      problems.append(
        "\(proxy.location): proxy \(proxy.name) is in front of \(proxy.service), which is not a service")
    }
    let usesWorkers = model.workers.contains { $0.role != nil && $0.count > 0 }
    // The workers' own settings (ranges) are checked by `chaos-worker settings`: WorkerSettingsCheck.
    if usesWorkers || model.workload.jobs > 0 {
      for kind in ServiceKind.allCases where !model.services.contains(where: { $0.kind == kind }) {
        problems.append("\(model.file): the pipeline needs a \(kind.rawValue) service, and none is declared")
      }
    }
    for step in model.timeline {
      if case .afterProtocol(let count, let event, let proxy) = step.trigger {
        let trigger = "`after: \(count) \(event.rawValue) on \(proxy)`"
        if let declared = model.proxies.first(where: { $0.name == proxy }) {
          if let kind = services[declared.service]?.kind {
            let tap = TapProtocolName(service: kind)
            if !tap.events.contains(event) {
              problems.append(
                "\(step.location): \(trigger): proxy \(proxy) is in front of \(kind.rawValue), whose tap counts "
                  + tap.events.map(\.rawValue).sorted().joined(separator: ", ") + ", not \(event.rawValue)")
            }
          }
        } else {
          problems.append("\(step.location): \(trigger) names proxy \(proxy), which is not declared")
        }
        if count < 1 { problems.append("\(step.location): \(trigger): the count must be at least 1") }
      }
      let fault = step.action.fault
      let (verb, target) = (fault.verb, fault.target)
      switch fault.targetKind {
      case .proxy where !proxies.contains(target):
        problems.append("\(step.location): \(verb) names proxy \(target), which is not declared")
      case .service where services[target] == nil:
        problems.append("\(step.location): \(verb) names service \(target), which is not declared")
      case .worker:
        if let fault = fault as? any WorkerFault {
          let count = model.workers.first { $0.name == fault.worker }?.count ?? 0
          let index = fault.index ?? 1
          if index > count || index < 1 {
            problems.append(
              "\(step.location): \(verb) names \(target), but there \(count == 1 ? "is" : "are") \(count) "
                + "\(fault.worker) workers")
          }
        }
      default: break
      }
    }
    for expectation in model.expectations {
      guard let checker = expectation.kind as? any Checker else { continue }
      problems += checker.problems(in: model).map { "\(expectation.location): \($0)" }
    }
    return problems + ProgramCheck.problems(model)
  }
}
