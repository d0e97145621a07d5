import Yams

/// `timeline:` — a list of steps, each with one trigger (`at:` or `after:`) and one verb.
extension ScenarioParser {
  static let triggerKeys = ["at", "after"]
  /// Every key a step may have: the trigger, the registered verbs and their parameters.
  /// Computed once: it is read for every step (25 000 steps validate in ~1.7 s of CPU).
  static let stepKeys: [String] =
    triggerKeys + FaultVerbs.names
    + FaultVerbs.parameters.map(\.key).filter { FaultVerbs.named($0) == nil } + ["from", "count", "optional"]

  mutating func parseTimeline(_ node: Node) -> [TimelineStep] {
    guard case .sequence(let sequence) = node else {
      error(at: node, "'timeline' must be a list of steps ('- at: 5s'), found \(node.foundDescription)")
      return []
    }
    var steps: [(step: TimelineStep, verbLocation: SourceLocation)] = []
    for item in sequence {
      if let parsed = parseStep(item) { steps.append(parsed) }
    }
    checkFaultOverlaps(steps)
    checkServiceStates(steps.map(\.step))
    return steps.map(\.step)
  }

  mutating func parseStep(_ node: Node) -> (step: TimelineStep, verbLocation: SourceLocation)? {
    guard let entries = entries(of: node, in: "a timeline step", expected: "a mapping ('at: 5s' and a verb)")
    else { return nil }
    let known = checkKeys(entries, allowed: Self.stepKeys, in: "timeline step")
    var failed = known.count != entries.count

    let verbs = Self.verbEntries(known)
    if verbs.count > 1 {
      error(
        at: verbs[1].keyNode,
        "timeline step has two actions, '\(verbs[0].key)' and '\(verbs[1].key)'; put each in its own step")
      failed = true
    }
    guard let verb = verbs.first, let type = FaultVerbs.named(verb.key) else {
      // A misspelt verb was reported as an unknown key already.
      if failed { return nil }
      error(
        at: node, "timeline step has no action; expected one of \(FaultVerbs.names.joined(separator: ", "))")
      return nil
    }
    if !checkParameters(known, of: verb) { failed = true }

    let trigger = parseTrigger(node, known)
    let action = type.parse(FaultStep(verb: verb, fields: known), &self).map { StepAction($0) }
    var window: Double?
    if let field = known.first(where: { $0.key == "for" }), type.duration != .instant {
      if let seconds = duration(field.value, for: "for") {
        if seconds <= 0 {
          error(at: field.value, "'for' must be longer than 0s, found \(field.value.foundDescription)")
          failed = true
        }
        window = seconds
      } else {
        failed = true
      }
    }
    var optional = false
    if let field = known.first(where: { $0.key == "optional" }) {
      if let value = boolean(field.value, for: "optional") { optional = value } else { failed = true }
    }
    guard !failed, let trigger, let action else { return nil }
    return (
      TimelineStep(
        trigger: trigger, action: action, duration: window, location: location(of: node), optional: optional),
      location(of: verb.keyNode)
    )
  }

  /// The keys of a step that name a registered verb, but not one that is a parameter of another
  /// verb in the same step (`delay` is slice's parameter when the step slices).
  static func verbEntries(_ known: [MappingEntry]) -> [MappingEntry] {
    let named = known.filter { FaultVerbs.named($0.key) != nil }
    return named.filter { entry in
      !named.contains {
        $0.key != entry.key && (FaultVerbs.named($0.key)?.parameters.contains(entry.key) ?? false)
      }
    }
  }

  /// Every parameter of the step belongs to its verb; reports those that do not.
  mutating func checkParameters(_ known: [MappingEntry], of verb: MappingEntry) -> Bool {
    var fits = true
    for entry in known where entry.key != verb.key {
      guard let parameter = FaultVerbs.parameters.first(where: { $0.key == entry.key }) else { continue }
      if !parameter.verbs.contains(verb.key) {
        error(
          at: entry.keyNode,
          "'\(entry.key)' does not apply to '\(verb.key)'; it goes with "
            + parameter.verbs.map { "'\($0)'" }.joined(separator: ", "))
        fits = false
      }
    }
    return fits
  }

  // MARK: Triggers

  mutating func parseTrigger(_ step: Node, _ known: [MappingEntry]) -> Trigger? {
    let triggers = known.filter { Self.triggerKeys.contains($0.key) }
    let from = known.first { $0.key == "from" }
    let count = known.first { $0.key == "count" }
    guard let trigger = triggers.first else {
      error(at: step, "timeline step has no trigger; expected 'at: <time>' or 'after: <log message>'")
      return nil
    }
    if triggers.count > 1 {
      error(at: triggers[1].keyNode, "timeline step has both 'at' and 'after'; expected one of them")
      return nil
    }
    if trigger.key == "at" {
      for extra in [from, count].compactMap({ $0 }) {
        error(at: extra.keyNode, "'\(extra.key)' applies to 'after: <log message>' only, not to 'at'")
      }
      guard let seconds = duration(trigger.value, for: "at") else { return nil }
      guard seconds < deadline else {
        error(
          at: trigger.value,
          "step at \(trigger.value.foundDescription) is not before the deadline (\(Self.format(deadline))); "
            + "expected a time within the run or a longer 'deadline'")
        return nil
      }
      return from == nil && count == nil ? .at(seconds) : nil
    }
    guard let text = text(trigger.value, for: "after", expected: "a log message or 'N deliveries on PROXY'")
    else { return nil }
    if DurationText.seconds(text) != nil {
      error(
        at: trigger.value,
        "'after' takes a log message or 'N deliveries on PROXY', found the duration \(trigger.value.foundDescription); "
          + "for a time use 'at:'")
      return nil
    }
    if let words = Self.protocolWords(text) {
      var valid = true
      for extra in [from, count].compactMap({ $0 }) {
        error(at: extra.keyNode, "'\(extra.key)' applies to 'after: <log message>' only, not to '\(text)'")
        valid = false
      }
      guard let trigger = protocolTrigger(words, at: trigger.value), valid else { return nil }
      return trigger
    }
    if text.trimmingWhitespace.isEmpty {
      error(at: trigger.value, "'after' must name a log message, found an empty text")
      return nil
    }
    guard let pattern = logPattern(trigger.value, for: "after") else { return nil }
    var worker: String?
    if let from {
      guard let named = declaredWorker(from.value, for: "from") else { return nil }
      worker = WorkerNaming.selector(named.worker, index: named.index)
      if !Self.writesLog(named.worker) {
        error(
          at: from.value,
          "'after' waits for a log line from '\(named.worker.name)', which writes none "
            + "(count 0, or external without 'logs:'); the step could never fire")
        return nil
      }
    } else if !workers.values.contains(where: Self.writesLog) {
      error(
        at: trigger.value,
        "'after' waits for a worker's log line, but no worker in this scenario writes one; "
          + "the step could never fire (use 'at:' or add a worker)")
      return nil
    }
    var times = 1
    if let count {
      guard let value = integer(count.value, for: "count", in: 1...Int.max) else { return nil }
      times = value
    }
    return .afterLog(message: pattern, from: worker, count: times)
  }

  /// True when the run reads lines from the worker: it has instances, and an external one has `logs:`.
  static func writesLog(_ worker: WorkerDeclaration) -> Bool {
    worker.count > 0 && (worker.external.map { $0.logs != nil } ?? true)
  }

  /// `20 deliveries on rabbitmq` → ("20", "deliveries", "rabbitmq"): a number, a word, `on`, a name.
  static func protocolWords(_ text: String) -> (count: String, event: String, proxy: String)? {
    let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
    guard words.count == 4, words[2] == "on", words[0].allSatisfy({ $0.isASCIIDigit || $0 == "-" }),
      !words[0].isEmpty
    else { return nil }
    return (words[0], words[1], words[3])
  }

  mutating func protocolTrigger(_ words: (count: String, event: String, proxy: String), at node: Node)
    -> Trigger?
  {
    let events = ProtocolEvent.allCases.map(\.rawValue)
    guard let count = Int(words.count), count >= 1 else {
      error(
        at: node, "'after' needs a count of at least 1 in '\(words.count) \(words.event) on \(words.proxy)'")
      return nil
    }
    guard let event = ProtocolEvent(rawValue: words.event) else {
      error(
        at: node,
        "unknown protocol event '\(words.event)' in 'after'\(KeySuggestion.hint(for: words.event, among: events))"
      )
      return nil
    }
    guard let proxy = proxies[words.proxy] else {
      error(at: node, "'after' names unknown proxy '\(words.proxy)'" + proxyHint(words.proxy))
      return nil
    }
    let kind = services[proxy.service]?.kind
    let needed: ServiceKind = event == .commands ? .redis : .rabbitmq
    guard kind == needed else {
      error(
        at: node,
        "'\(event.rawValue)' are counted on a \(needed.rawValue) proxy, but proxy '\(proxy.name)' goes to "
          + "\(kind?.rawValue ?? "an unknown") service '\(proxy.service)'")
      return nil
    }
    return .afterProtocol(count: count, event: event, proxy: proxy.name)
  }

  static func format(_ seconds: Double) -> String {
    if seconds >= 1, seconds == seconds.rounded() { return "\(Int(seconds))s" }
    let ms = seconds * 1000
    if ms == ms.rounded() { return "\(Int(ms))ms" }
    return "\(seconds)s"
  }
}
