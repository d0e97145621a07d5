import Yams

/// `services:`, `proxies:` and `settings:`.
extension ScenarioParser {
  /// Service verbs that an external service can be given a shell command for.
  static let serviceCommandVerbs = ["restart", "stop", "start", "kill", "pause", "resume"]

  mutating func parseServices(_ node: Node) -> [ServiceDeclaration] {
    guard let entries = entries(of: node, in: "'services'", expected: "a mapping (name: kind)") else {
      return []
    }
    let kinds = ServiceKind.allCases.map(\.rawValue)
    var result: [ServiceDeclaration] = []
    for entry in entries {
      guard checkName(entry.key, at: entry.keyNode, of: "service") else { continue }
      var declaration = ServiceDeclaration(
        name: entry.key, kind: .redis, location: location(of: entry.keyNode))
      if case .mapping = entry.value {
        guard let fields = self.entries(of: entry.value, in: "service '\(entry.key)'", expected: "a mapping")
        else { continue }
        let known = checkKeys(
          fields, allowed: ["kind", "external"] + Self.serviceCommandVerbs, in: "service '\(entry.key)'")
        var kind: ServiceKind?
        var valid = true
        if let field = known.first(where: { $0.key == "kind" }) {
          kind = serviceKind(field.value)
          valid = kind != nil
        } else if let implied = ServiceKind(rawValue: entry.key) {
          kind = implied
        } else {
          error(
            at: entry.keyNode,
            "service '\(entry.key)' has no 'kind'; expected 'kind:' with one of \(kinds.joined(separator: ", "))"
          )
          valid = false
        }
        if let field = known.first(where: { $0.key == "external" }),
          let address = text(field.value, for: "external", expected: "host:port")
        {
          if Self.isHostPort(address) {
            declaration.external = address
          } else {
            error(at: field.value, "'external' must be host:port, found \(field.value.foundDescription)")
          }
        }
        for field in known where Self.serviceCommandVerbs.contains(field.key) {
          guard let command = text(field.value, for: field.key, expected: "a shell command") else { continue }
          if known.contains(where: { $0.key == "external" }) {
            declaration.commands[field.key] = command
          } else {
            error(
              at: field.keyNode,
              "'\(field.key)' commands apply to external services only; service '\(entry.key)' is started "
                + "by the harness (add 'external: host:port' or remove '\(field.key)')")
          }
        }
        guard valid, let kind else { continue }
        declaration.kind = kind
      } else {
        guard let kind = serviceKind(entry.value) else { continue }
        declaration.kind = kind
      }
      result.append(declaration)
      services[entry.key] = declaration
    }
    return result
  }

  mutating func serviceKind(_ node: Node) -> ServiceKind? {
    let kinds = ServiceKind.allCases.map(\.rawValue)
    guard let text = text(node, for: "kind", expected: "a service kind (\(kinds.joined(separator: ", ")))")
    else { return nil }
    guard let kind = ServiceKind(rawValue: text) else {
      error(
        at: node,
        "unknown service kind \(node.foundDescription)\(KeySuggestion.hint(for: text, among: kinds))")
      return nil
    }
    return kind
  }

  static func isHostPort(_ text: String) -> Bool {
    guard let colon = text.lastIndex(of: ":") else { return false }
    let host = text[..<colon]
    let port = text[text.index(after: colon)...]
    guard !host.isEmpty, !host.contains(where: \.isWhitespace), !port.isEmpty, port.count <= 5,
      port.allSatisfy(\.isASCIIDigit), let number = Int(port)
    else { return false }
    return (1...65_535).contains(number)
  }

  mutating func parseProxies(_ node: Node) -> [ProxyDeclaration] {
    guard let entries = entries(of: node, in: "'proxies'", expected: "a mapping (name: { to: service })")
    else { return [] }
    var result: [ProxyDeclaration] = []
    var proxyOfService: [String: ProxyDeclaration] = [:]
    for entry in entries {
      guard checkName(entry.key, at: entry.keyNode, of: "proxy", forbidden: "/") else { continue }
      var targetNode = entry.value
      if case .mapping = entry.value {
        guard let fields = self.entries(of: entry.value, in: "proxy '\(entry.key)'", expected: "a mapping")
        else { continue }
        let known = checkKeys(fields, allowed: ["to"], in: "proxy '\(entry.key)'")
        guard let to = known.first(where: { $0.key == "to" }) else {
          if known.count != fields.count { continue }  // a misspelt 'to' was reported already
          error(at: entry.value, "proxy '\(entry.key)' has no 'to'; expected 'to: <service>'")
          continue
        }
        targetNode = to.value
      }
      guard let service = text(targetNode, for: "to", expected: "a service name") else { continue }
      guard services[service] != nil else {
        error(
          at: targetNode, "proxy '\(entry.key)' goes to unknown service '\(service)'" + serviceHint(service))
        continue
      }
      if let other = proxyOfService[service] {
        error(
          at: entry.keyNode,
          "service '\(service)' already has proxy '\(other.name)' (line \(other.location.line)); "
            + "one proxy per service")
        continue
      }
      let declaration = ProxyDeclaration(
        name: entry.key, service: service, location: location(of: entry.keyNode))
      proxyOfService[service] = declaration
      proxies[entry.key] = declaration
      result.append(declaration)
    }
    return result
  }

  /// `; did you mean 'redis'?` or the list of declared services.
  func serviceHint(_ name: String) -> String {
    let names = services.keys.sorted()
    if names.isEmpty { return "; no services are declared" }
    return KeySuggestion.hint(for: name, among: names, noun: "one of the services")
  }

  func proxyHint(_ name: String) -> String {
    let names = proxies.keys.sorted()
    if names.isEmpty { return "; no proxies are declared" }
    return KeySuggestion.hint(for: name, among: names, noun: "one of the proxies")
  }

  /// `KEY: value` pairs for a process environment; scalar values are kept as written.
  mutating func parseEnvironment(_ node: Node, in context: String) -> [String: String] {
    guard let entries = entries(of: node, in: context, expected: "a mapping (NAME: value)") else {
      return [:]
    }
    var result: [String: String] = [:]
    for entry in entries {
      guard Self.isEnvironmentName(entry.key) else {
        error(
          at: entry.keyNode,
          "'\(entry.key.replacingNewlines)' in \(context) is not an environment variable name; expected "
            + "letters, digits and '_', not starting with a digit")
        continue
      }
      guard let value = text(entry.value, for: entry.key, expected: "a text or a number") else { continue }
      result[entry.key] = value
    }
    return result
  }

  static func isEnvironmentName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first,
      first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
    }
  }

  static let maximumJobs = 10_000_000
}
