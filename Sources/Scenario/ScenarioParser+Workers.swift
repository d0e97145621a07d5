import Foundation
import Yams

/// `workers:`: built-in roles (`downloader: 2`), command workers and external workers, by name.
extension ScenarioParser {
  static let commandWorkerKeys = ["command", "count", "cwd", "env", "ready", "stop", "grace"]
  static let externalWorkerKeys = ["external", "logs", "kill", "restart", "stop", "start"]
  /// Worker verbs an external worker can be given a shell command for.
  static let externalWorkerVerbs = ["kill", "restart", "stop", "start"]
  /// Signals a command worker may be stopped with.
  static let stopSignals = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGKILL"]

  mutating func parseWorkers(_ node: Node) -> [WorkerDeclaration] {
    guard
      let entries = entries(of: node, in: "'workers'", expected: "a mapping (name: count or { command: … })")
    else { return [] }
    let roles = WorkerRole.allCases.map(\.rawValue)
    var result: [WorkerDeclaration] = []
    for entry in entries {
      guard Self.isWorkerName(entry.key) else {
        error(
          at: entry.keyNode,
          "'\(entry.key.replacingNewlines)' is not a worker name; expected letters, digits, '-' and '_'")
        continue
      }
      var fields: [MappingEntry] = []
      if case .mapping = entry.value {
        guard let found = self.entries(of: entry.value, in: "worker '\(entry.key)'", expected: "a mapping")
        else { continue }
        fields = found
      }
      let declaration: WorkerDeclaration?
      if fields.contains(where: { $0.key == "external" }) {
        declaration = parseExternalWorker(entry, fields)
      } else if fields.contains(where: { $0.key == "command" }) {
        declaration = parseCommandWorker(entry, fields)
      } else if let role = WorkerRole(rawValue: entry.key) {
        declaration = parseBuiltInWorker(entry, role: role, fields)
      } else {
        let hint = KeySuggestion.hint(for: entry.key, among: roles)
        error(
          at: entry.keyNode,
          !hint.contains("did you mean")
            ? "worker '\(entry.key.replacingNewlines)' has no 'command:'; give it 'command: [...]' (or "
              + "'external: true'), or use a built-in role: \(roles.joined(separator: ", "))"
            : "unknown worker role '\(entry.key.replacingNewlines)'\(hint) (a command worker needs 'command:')"
        )
        declaration = nil
      }
      guard let declaration else { continue }
      workers[declaration.name] = declaration
      result.append(declaration)
    }
    return result
  }

  private mutating func parseBuiltInWorker(_ entry: MappingEntry, role: WorkerRole, _ fields: [MappingEntry])
    -> WorkerDeclaration?
  {
    var declaration = WorkerDeclaration(role: role, count: 0, location: location(of: entry.keyNode))
    guard case .mapping = entry.value else {
      guard let count = integer(entry.value, for: entry.key, in: 0...Self.maximumWorkers) else { return nil }
      declaration.count = count
      return declaration
    }
    let known = checkKeys(fields, allowed: ["count", "env"], in: "workers '\(entry.key)'")
    guard let countField = known.first(where: { $0.key == "count" }) else {
      if known.count != fields.count { return nil }  // a misspelt 'count' was reported already
      error(at: entry.value, "workers '\(entry.key)' has no 'count'; expected e.g. 'count: 2'")
      return nil
    }
    guard let count = integer(countField.value, for: "count", in: 0...Self.maximumWorkers) else { return nil }
    declaration.count = count
    if let env = known.first(where: { $0.key == "env" }) {
      declaration.environment = parseEnvironment(env.value, in: "'env' of \(entry.key)")
    }
    return declaration
  }

  private mutating func parseCommandWorker(_ entry: MappingEntry, _ fields: [MappingEntry])
    -> WorkerDeclaration?
  {
    let context = "worker '\(entry.key)'"
    let known = checkKeys(fields, allowed: Self.commandWorkerKeys, in: context)
    func field(_ key: String) -> MappingEntry? { known.first { $0.key == key } }
    guard let command = parseProcessCommand(known, in: context) else { return nil }
    var declaration = WorkerDeclaration(
      name: entry.key, role: nil, count: 1, environment: command.environment, command: command,
      location: location(of: entry.keyNode))
    var valid = known.count == fields.count
    if let count = field("count") {
      if let value = integer(count.value, for: "count", in: 0...Self.maximumWorkers) {
        declaration.count = value
      } else {
        valid = false
      }
    }
    if let ready = field("ready") {
      if let pattern = logPattern(ready.value, for: "ready") {
        declaration.ready = pattern
      } else {
        valid = false
      }
    }
    if let stop = field("stop") {
      if let signal = stopSignal(stop.value) { declaration.stopSignal = signal } else { valid = false }
    }
    if let grace = field("grace") {
      if let seconds = duration(grace.value, for: "grace") {
        declaration.grace = seconds
      } else {
        valid = false
      }
    }
    return valid ? declaration : nil
  }

  private mutating func parseExternalWorker(_ entry: MappingEntry, _ fields: [MappingEntry])
    -> WorkerDeclaration?
  {
    let context = "external worker '\(entry.key)'"
    let known = checkKeys(fields, allowed: Self.externalWorkerKeys, in: context)
    var valid = known.count == fields.count
    var external = ExternalWorker()
    for field in known {
      switch field.key {
      case "external":
        guard case .scalar(let scalar) = field.value, scalar.string == "true" else {
          error(at: field.value, "'external' of a worker must be true, found \(field.value.foundDescription)")
          valid = false
          continue
        }
      case "logs":
        if let line = shellLine(field) { external.logs = line } else { valid = false }
      default:
        if let line = shellLine(field) { external.commands[field.key] = line } else { valid = false }
      }
    }
    guard valid else { return nil }
    return WorkerDeclaration(
      name: entry.key, role: nil, count: 1, external: external, location: location(of: entry.keyNode))
  }

  /// A non-empty shell line whose placeholders name declared proxies and services.
  mutating func shellLine(_ field: MappingEntry) -> String? {
    guard let line = text(field.value, for: field.key, expected: "a shell command") else { return nil }
    guard !line.trimmingWhitespace.isEmpty else {
      error(at: field.value, "'\(field.key)' must be a shell command, found an empty text")
      return nil
    }
    return checkPlaceholders(line, at: field.value) ? line : nil
  }

  /// `SIGTERM`, `TERM`, `sigint`… as the signal's full upper-case name.
  private mutating func stopSignal(_ node: Node) -> String? {
    guard let text = text(node, for: "stop", expected: "a signal name like SIGTERM") else { return nil }
    let upper = text.trimmingWhitespace.uppercased()
    let name = upper.hasPrefix("SIG") ? upper : "SIG" + upper
    guard Self.stopSignals.contains(name) else {
      error(
        at: node,
        "unknown stop signal \(node.foundDescription)\(KeySuggestion.hint(for: name, among: Self.stopSignals))"
      )
      return nil
    }
    return name
  }

  static func isWorkerName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64
      && name.unicodeScalars.allSatisfy {
        $0 == "_" || $0 == "-" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
      }
  }

  /// More worker processes than this on one machine is a typo, not a scenario.
  static let maximumWorkers = 64

  // MARK: names in `from:` and worker verbs

  /// A declared worker with at least one instance, by name (`celery`), or one instance of it
  /// (`celery.2`, `downloader#2`): the worker's name and the instance's index.
  public mutating func declaredWorker(_ node: Node, for key: String) -> (
    worker: WorkerDeclaration, index: Int?
  )? {
    guard let text = text(node, for: key, expected: "a worker name") else { return nil }
    var name = text.trimmingWhitespace
    var index: Int?
    if workers[name] == nil, let separator = name.lastIndex(where: { $0 == "." || $0 == "#" }),
      let number = Int(name[name.index(after: separator)...]), number >= 1
    {
      index = number
      name = String(name[..<separator])
    }
    guard let declaration = workers[name] else {
      let names = workers.keys.sorted()
      let hint =
        names.isEmpty
        ? "; no workers are declared"
        : KeySuggestion.hint(for: name, among: names, noun: "one of the workers")
      error(at: node, "'\(key)' names unknown worker '\(name.replacingNewlines)'\(hint)")
      return nil
    }
    guard declaration.count > 0 else {
      error(
        at: node, "no \(name) workers run in this scenario (count 0 at line \(declaration.location.line))")
      return nil
    }
    if let index, index > declaration.count {
      error(
        at: node,
        "'\(key)' names instance \(index) of \(name), but there \(declaration.count == 1 ? "is" : "are") "
          + "\(declaration.count)")
      return nil
    }
    return (declaration, index)
  }
}
