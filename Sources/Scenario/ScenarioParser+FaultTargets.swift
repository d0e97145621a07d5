import Yams

/// What a fault verb acts on, checked against the declarations: a proxy, a service (an external
/// one needs a command for the verb) or a declared worker with an optional `index`.
extension ScenarioParser {
  mutating func proxyTarget(_ step: FaultStep) -> String? {
    let verb = step.verb
    guard let proxy = text(verb.value, for: verb.key, expected: "a proxy name") else { return nil }
    guard proxies[proxy] != nil else {
      error(
        at: verb.value, "'\(verb.key)' names unknown proxy '\(proxy.replacingNewlines)'" + proxyHint(proxy))
      return nil
    }
    return proxy
  }

  mutating func serviceTarget(_ step: FaultStep) -> String? {
    let verb = step.verb
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
    return service
  }

  /// The worker's name and the `index:` of the instance (nil = the first). The worker is declared
  /// (`celery`, or one instance: `celery.2`); an external one needs a command for the verb.
  mutating func workerTarget(_ step: FaultStep) -> (worker: String, index: Int?)? {
    let verb = step.verb
    guard let named = declaredWorker(verb.value, for: verb.key) else { return nil }
    let worker = named.worker
    var index = named.index
    if let field = step.field("index") {
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
    return (worker.name, index)
  }
}
