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

  /// The worker's name and the `index:` of the instance (nil = the first).
  mutating func workerTarget(_ step: FaultStep) -> (worker: String, index: Int?)? {
    let verb = step.verb
    guard let role = role(verb.value, for: verb.key) else { return nil }
    guard declaredWorkers(role: role, at: verb.value) else { return nil }
    var index: Int?
    if let field = step.field("index") {
      let count = workers[role]?.count ?? 0
      guard let value = integer(field.value, for: "index", in: 1...max(1, count)) else { return nil }
      index = value
    }
    return (role.rawValue, index)
  }
}
