import Yams

/// The verb of a timeline step and its parameters.
extension ScenarioParser {
  mutating func parseAction(_ verb: MappingEntry, _ known: [MappingEntry]) -> StepAction? {
    func field(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    if Self.proxyVerbs.contains(verb.key) {
      guard let proxy = text(verb.value, for: verb.key, expected: "a proxy name") else { return nil }
      guard proxies[proxy] != nil else {
        error(
          at: verb.value, "'\(verb.key)' names unknown proxy '\(proxy.replacingNewlines)'" + proxyHint(proxy))
        return nil
      }
      return proxyAction(verb.key, proxy: proxy, at: verb.keyNode, field)
    }
    if Self.serviceVerbs.contains(verb.key) {
      guard let service = text(verb.value, for: verb.key, expected: "a service name") else { return nil }
      guard let declaration = services[service] else {
        error(
          at: verb.value,
          "'\(verb.key)' names unknown service '\(service.replacingNewlines)'" + serviceHint(service))
        return nil
      }
      if declaration.external != nil, declaration.commands[verb.key] == nil {
        error(
          at: verb.value,
          "service '\(service)' is external; '\(verb.key)' needs a '\(verb.key): <command>' in its declaration "
            + "(line \(declaration.location.line))")
        return nil
      }
      switch verb.key {
      case "restart":
        var down = 0.0
        if let field = field("down") {
          guard let seconds = duration(field.value, for: "down") else { return nil }
          down = seconds
        }
        return .restart(service: service, down: down)
      case "stop": return .stop(service: service)
      case "start": return .start(service: service)
      case "kill": return .kill(service: service)
      case "pause": return .pause(service: service)
      default: return .resume(service: service)
      }
    }
    // Worker verbs.
    guard let named = declaredWorker(verb.value, for: verb.key) else { return nil }
    let worker = named.worker
    var index = named.index
    if let field = field("index") {
      guard let value = integer(field.value, for: "index", in: 1...max(1, worker.count)) else { return nil }
      index = value
    }
    let verbWord = String(verb.key.split(separator: " ")[0])
    if let external = worker.external, external.commands[verbWord] == nil {
      error(
        at: verb.value,
        "worker '\(worker.name)' is external; '\(verb.key)' needs a '\(verbWord): <command>' in its declaration "
          + "(line \(worker.location.line))")
      return nil
    }
    switch verb.key {
    case "kill worker": return .killWorker(worker: worker.name, index: index)
    case "restart worker": return .restartWorker(worker: worker.name, index: index)
    default: return .stopWorker(worker: worker.name, index: index)
    }
  }

  private mutating func proxyAction(
    _ verb: String, proxy: String, at node: Node, _ field: (String) -> MappingEntry?
  ) -> StepAction? {
    switch verb {
    case "cut": return .cut(proxy: proxy)
    case "reset": return .reset(proxy: proxy)
    case "blackhole": return .blackhole(proxy: proxy)
    case "clear": return .clear(proxy: proxy)
    case "delay":
      guard let latencyField = field("latency") else {
        error(at: node, "'delay' needs 'latency', e.g. 'latency: 300ms'")
        return nil
      }
      guard let latency = duration(latencyField.value, for: "latency") else { return nil }
      var jitter = 0.0
      if let jitterField = field("jitter") {
        guard let seconds = duration(jitterField.value, for: "jitter") else { return nil }
        jitter = seconds
      }
      return .delay(
        proxy: proxy, latencyMs: Int((latency * 1000).rounded()), jitterMs: Int((jitter * 1000).rounded()))
    case "throttle":
      guard let rateField = field("rate") else {
        error(at: node, "'throttle' needs 'rate', e.g. 'rate: 10KB/s'")
        return nil
      }
      guard let rateText = text(rateField.value, for: "rate", expected: "a bandwidth like 10KB/s") else {
        return nil
      }
      guard let rate = RateText.kilobytesPerSecond(rateText), rate >= 1, rate <= 1_000_000_000,
        rate == rate.rounded()
      else {
        error(
          at: rateField.value,
          "bad rate \(rateField.value.foundDescription) for 'throttle'; expected a whole number of KB/s "
            + "of at least 1: 10KB/s, 2MB/s")
        return nil
      }
      return .throttle(proxy: proxy, rateKBps: Int(rate))
    default:  // slice
      guard let sizeField = field("size") else {
        error(at: node, "'slice' needs 'size' (average bytes per piece), e.g. 'size: 1'")
        return nil
      }
      guard let size = integer(sizeField.value, for: "size", in: 1...Self.maximumSliceBytes) else {
        return nil
      }
      var variation = 0
      if let variationField = field("variation") {
        guard let value = integer(variationField.value, for: "variation", in: 0...Self.maximumSliceBytes)
        else { return nil }
        variation = value
      }
      var delay = 0.0
      if let delayField = field("delay") {
        guard let seconds = duration(delayField.value, for: "delay") else { return nil }
        delay = seconds
      }
      return .slice(
        proxy: proxy, averageSize: size, sizeVariation: variation,
        delayMicroseconds: Int((delay * 1_000_000).rounded()))
    }
  }

  static let maximumSliceBytes = 1 << 20
}
