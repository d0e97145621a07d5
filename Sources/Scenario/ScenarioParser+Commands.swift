import Foundation
import Yams

/// Processes a scenario starts: `command:` (argv list or shell line) with `cwd:` and `env:`, and the
/// placeholders inside them; `workload:` and `check:`.
extension ScenarioParser {
  /// `command`, `cwd` and `env` from `known`; nil (with errors) when `command` is missing or bad.
  mutating func parseProcessCommand(_ known: [MappingEntry], in context: String) -> ProcessCommand? {
    func field(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    guard let commandField = field("command") else { return nil }
    var valid = true
    var workingDirectory: String?
    if let cwd = field("cwd") {
      workingDirectory = directory(cwd.value)
      valid = workingDirectory != nil
    }
    var environment: [String: String] = [:]
    if let env = field("env") {
      let before = errors.count
      environment = parseEnvironment(env.value, in: "'env' of \(context)")
      if case .mapping(let mapping) = env.value {
        for (_, value) in mapping {
          if case .scalar(let scalar) = value, !checkPlaceholders(scalar.string, at: value) { valid = false }
        }
      }
      valid = valid && errors.count == before
    }
    let location = location(of: commandField.value)
    switch commandField.value {
    case .sequence(let sequence):
      var arguments: [String] = []
      for item in sequence {
        guard let argument = text(item, for: "command", expected: "a list of words") else {
          valid = false
          continue
        }
        if !checkPlaceholders(argument, at: item) { valid = false }
        arguments.append(argument)
      }
      if sequence.isEmpty || arguments.first?.trimmingWhitespace.isEmpty == true {
        error(at: commandField.value, "'command' of \(context) must name a program, found an empty list")
        return nil
      }
      guard valid else { return nil }
      return ProcessCommand(
        arguments: arguments, workingDirectory: workingDirectory, environment: environment, location: location
      )
    default:
      guard
        let line = text(
          commandField.value, for: "command", expected: "a list of words (argv) or a shell line")
      else { return nil }
      guard !line.trimmingWhitespace.isEmpty else {
        error(at: commandField.value, "'command' of \(context) must not be empty")
        return nil
      }
      guard checkPlaceholders(line, at: commandField.value), valid else { return nil }
      return .shell(line, workingDirectory: workingDirectory, environment: environment, location: location)
    }
  }

  /// A `cwd:` relative to the scenario file's directory, which must exist.
  private mutating func directory(_ node: Node) -> String? {
    guard let text = text(node, for: "cwd", expected: "a directory relative to the scenario file") else {
      return nil
    }
    let base = URL(fileURLWithPath: file).deletingLastPathComponent()
    let path =
      text.hasPrefix("/")
      ? URL(fileURLWithPath: text).standardizedFileURL.path
      : base.appendingPathComponent(text).standardizedFileURL.path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      error(
        at: node,
        "'cwd' \(node.foundDescription) is not a directory (resolved against the scenario file's directory: "
          + "\(path))")
      return nil
    }
    return path
  }

  /// Reports every placeholder in `text` that names an undeclared proxy or service, or is not one
  /// of the known forms, at its own column when the text is on one line. True when all are known.
  mutating func checkPlaceholders(_ text: String, at node: Node) -> Bool {
    let (found, malformed) = Placeholder.scan(text)
    var valid = true
    for bad in malformed {
      error(
        at: placeholderLocation(node, text: text, offset: bad.offset),
        "unknown placeholder '\(bad.written.replacingNewlines)'; expected {proxy.NAME}, {proxy.NAME.host}, "
          + "{proxy.NAME.port}, {service.NAME} (also .host, .port), {run.prefix} or {run.dir}")
      valid = false
    }
    for placeholder in found {
      let at = placeholderLocation(node, text: text, offset: placeholder.offset)
      switch placeholder.scope {
      case .proxy where proxies[placeholder.name] == nil:
        error(
          at: at,
          "\(placeholder.written) names unknown proxy '\(placeholder.name)'" + proxyHint(placeholder.name))
        valid = false
      case .service where services[placeholder.name] == nil:
        error(
          at: at,
          "\(placeholder.written) names unknown service '\(placeholder.name)'" + serviceHint(placeholder.name)
        )
        valid = false
      default: break
      }
    }
    return valid
  }

  /// The column of character `offset` of a one-line scalar (after its opening quote, if any).
  private func placeholderLocation(_ node: Node, text: String, offset: Int) -> SourceLocation {
    var at = location(of: node)
    guard case .scalar(let scalar) = node, !text.contains("\n") else { return at }
    switch scalar.style {
    case .plain: at.column += offset
    case .singleQuoted, .doubleQuoted: at.column += offset + 1
    default: break
    }
    return at
  }

  // MARK: workload and check

  mutating func parseWorkload(_ node: Node) -> Workload? {
    guard
      let entries = entries(
        of: node, in: "'workload'", expected: "a mapping (jobs:, rate:), (command:, cwd:, env:) or (publish:)"
      )
    else { return nil }
    let keys = Set(entries.map(\.key))
    if keys.contains("command") {
      let known = checkKeys(entries, allowed: ["command", "cwd", "env"], in: "a command 'workload'")
      guard let command = parseProcessCommand(known, in: "'workload'"), known.count == entries.count else {
        return nil
      }
      return Workload(command: command)
    }
    if let publish = entries.first(where: { $0.key == "publish" }) {
      checkKeys(entries, allowed: ["publish"], in: "a publishing 'workload'")
      guard let plan = parsePublish(publish) else { return nil }
      return Workload(publish: plan)
    }
    let known = checkKeys(entries, allowed: ["jobs", "rate", "command", "publish"], in: "'workload'")
    var workload = Workload()
    if let field = known.first(where: { $0.key == "jobs" }) {
      if isSoak {
        error(
          at: field.keyNode, "a soak's workload runs for the soak's --duration; give 'rate' only, not 'jobs'")
      } else {
        guard let jobs = integer(field.value, for: "jobs", in: 0...Self.maximumJobs) else { return nil }
        workload.jobs = jobs
      }
    } else if !isSoak {
      error(
        at: node,
        "'workload' has no 'jobs'; expected e.g. 'jobs: 300', or 'command: [...]', or 'publish: { messages: … }'"
      )
    }
    if let field = known.first(where: { $0.key == "rate" }) {
      guard let rate = rate(field.value) else { return nil }
      workload.rate = rate
    }
    return workload
  }

  private mutating func rate(_ node: Node) -> Double? {
    guard let text = text(node, for: "rate", expected: "a rate like 50/s") else { return nil }
    guard let rate = RateText.perSecond(text), rate > 0, rate <= 1_000_000 else {
      error(at: node, "bad rate \(node.foundDescription) for 'rate'; expected a count per time: 50/s, 600/m")
      return nil
    }
    return rate
  }

  private mutating func parsePublish(_ entry: MappingEntry) -> PublishPlan? {
    guard
      let fields = entries(
        of: entry.value, in: "'publish'",
        expected: "a mapping (messages:, rate:, exchange:, routing_key:, via:)")
    else { return nil }
    let known = checkKeys(
      fields, allowed: ["messages", "rate", "exchange", "routing_key", "via"], in: "'publish'")
    func field(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    var valid = known.count == fields.count
    var plan = PublishPlan(messages: 0, routingKey: "", via: "", location: location(of: entry.keyNode))
    if let messages = field("messages") {
      if let count = integer(messages.value, for: "messages", in: 1...Self.maximumJobs) {
        plan.messages = count
      } else {
        valid = false
      }
    } else {
      error(at: entry.value, "'publish' has no 'messages'; expected e.g. 'messages: 200'")
      valid = false
    }
    if let rate = field("rate") {
      if let value = self.rate(rate.value) { plan.rate = value } else { valid = false }
    }
    if let exchange = field("exchange") {
      if case .scalar(let scalar) = exchange.value {
        plan.exchange = exchange.value.isNullScalar ? "" : scalar.string
        if !checkPlaceholders(plan.exchange, at: exchange.value) { valid = false }
      } else {
        error(at: exchange.value, "'exchange' must be an exchange name (\"\" for the default exchange)")
        valid = false
      }
    }
    if let key = field("routing_key") {
      if let text = text(key.value, for: "routing_key", expected: "a routing key or queue name"),
        checkPlaceholders(text, at: key.value)
      {
        plan.routingKey = text
      } else {
        valid = false
      }
    } else {
      error(
        at: entry.value, "'publish' has no 'routing_key'; expected e.g. 'routing_key: \"{run.prefix}tasks\"'")
      valid = false
    }
    if let via = field("via") {
      if let name = text(via.value, for: "via", expected: "a proxy or service name") {
        if let proxy = proxies[name] {
          if services[proxy.service]?.kind != .rabbitmq {
            error(
              at: via.value,
              "'via' proxy '\(name)' goes to '\(proxy.service)', which is not a rabbitmq service")
            valid = false
          }
        } else if let service = services[name] {
          if service.kind != .rabbitmq {
            error(at: via.value, "'via' service '\(name)' is \(service.kind.rawValue), not rabbitmq")
            valid = false
          }
        } else {
          error(
            at: via.value, "'via' names '\(name)', which is neither a proxy nor a service" + proxyHint(name))
          valid = false
        }
        plan.via = name
      } else {
        valid = false
      }
    } else if let rabbit = services.values.first(where: { $0.kind == .rabbitmq }) {
      plan.via = proxies.values.first(where: { $0.service == rabbit.name })?.name ?? rabbit.name
    } else {
      error(at: entry.value, "'publish' needs a rabbitmq service; none is declared")
      valid = false
    }
    return valid ? plan : nil
  }

  mutating func parseCheck(_ node: Node) -> VerdictCheck? {
    guard let entries = entries(of: node, in: "'check'", expected: "a mapping (command:, cwd:, env:, every:)")
    else { return nil }
    let known = checkKeys(entries, allowed: ["command", "cwd", "env", "every"], in: "'check'")
    guard known.contains(where: { $0.key == "command" }) else {
      error(at: node, "'check' has no 'command'; expected e.g. 'command: [\"python3\", \"check.py\"]'")
      return nil
    }
    guard let command = parseProcessCommand(known, in: "'check'") else { return nil }
    var check = VerdictCheck(command: command, location: location(of: node))
    if let every = known.first(where: { $0.key == "every" }) {
      guard let seconds = duration(every.value, for: "every") else { return nil }
      guard seconds >= 0.1 else {
        error(at: every.value, "'every' must be at least 100ms, found \(every.value.foundDescription)")
        return nil
      }
      check.every = seconds
    }
    return known.count == entries.count ? check : nil
  }
}
