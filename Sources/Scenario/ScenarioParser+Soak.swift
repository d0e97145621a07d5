import Yams

/// `soak:` — settings and the list of faults drawn at random during `chaos soak`.
extension ScenarioParser {
  static let soakKeys = ["faults", "check_every", "sample_every", "stuck_after", "drain", "max_growth"]
  /// Faults that end by themselves; the others would leave something down for the rest of the soak.
  static var soakVerbs: [String] { FaultVerbs.soakable }

  mutating func parseSoak(_ node: Node, workload: Workload) -> SoakPlan? {
    guard let entries = entries(of: node, in: "'soak'", expected: "a mapping (faults:, check_every:, …)")
    else {
      return nil
    }
    let known = checkKeys(entries, allowed: Self.soakKeys, in: "'soak'")
    var plan = SoakPlan(location: location(of: node))
    if workload.rate == nil {
      error(at: node, "a soak needs a continuous workload: add 'workload: { rate: 10/s }'")
    }
    func positive(_ key: String, _ assign: (inout SoakPlan, Double) -> Void) {
      guard let entry = known.first(where: { $0.key == key }), let seconds = duration(entry.value, for: key)
      else {
        return
      }
      if seconds <= 0 {
        error(at: entry.value, "'\(key)' must be longer than 0s, found \(entry.value.foundDescription)")
      } else {
        assign(&plan, seconds)
      }
    }
    positive("check_every") { $0.checkEvery = $1 }
    positive("sample_every") { $0.sampleEvery = $1 }
    positive("stuck_after") { $0.stuckAfter = $1 }
    positive("drain") { $0.drain = $1 }
    if let entry = known.first(where: { $0.key == "max_growth" }),
      let text = text(entry.value, for: "max_growth", expected: "a percentage like 5%")
    {
      let trimmed = text.trimmingWhitespace
      if trimmed.hasSuffix("%"), let value = DecimalText.value(String(trimmed.dropLast())), value >= 0 {
        plan.maxGrowth = value / 100
      } else {
        error(
          at: entry.value, "'max_growth' must be a percentage like 5%, found \(entry.value.foundDescription)")
      }
    }
    guard let faults = known.first(where: { $0.key == "faults" }) else {
      error(at: node, "'soak' has no 'faults'; expected a list like '- reset: rabbitmq' with 'every: 20-60s'")
      return plan
    }
    guard case .sequence(let items) = faults.value else {
      error(
        at: faults.value,
        "'faults' must be a list ('- reset: rabbitmq' with 'every: 20-60s'), found \(faults.value.foundDescription)"
      )
      return plan
    }
    plan.faults = items.compactMap { parseSoakFault($0) }
    return plan
  }

  mutating func parseSoakFault(_ node: Node) -> SoakFault? {
    guard
      let entries = entries(
        of: node, in: "a soak fault", expected: "a mapping ('reset: rabbitmq', 'every: 20-60s')")
    else { return nil }
    let allowed =
      FaultVerbs.names + FaultVerbs.parameters.map(\.key).filter { FaultVerbs.named($0) == nil } + ["every"]
    let known = checkKeys(entries, allowed: allowed, in: "soak fault")
    var failed = known.count != entries.count
    let verbs = Self.verbEntries(known)
    guard let verb = verbs.first, let type = FaultVerbs.named(verb.key) else {
      if !failed {
        error(at: node, "soak fault has no action; expected one of \(Self.soakVerbs.joined(separator: ", "))")
      }
      return nil
    }
    if verbs.count > 1 {
      error(
        at: verbs[1].keyNode,
        "soak fault has two actions, '\(verb.key)' and '\(verbs[1].key)'; list each on its own")
      return nil
    }
    guard type.soakable else {
      error(
        at: verb.keyNode,
        "'\(verb.key)' cannot be a soak fault: it does not end by itself; use one of "
          + Self.soakVerbs.joined(separator: ", "))
      return nil
    }
    if !checkParameters(known, of: verb) { failed = true }
    let action = type.parse(FaultStep(verb: verb, fields: known), &self).map { StepAction($0) }
    var window: Double?
    if let field = known.first(where: { $0.key == "for" }), type.duration != .instant {
      if let seconds = duration(field.value, for: "for"), seconds > 0 {
        window = seconds
      } else {
        error(
          at: field.value, "'for' must be a duration longer than 0s, found \(field.value.foundDescription)")
        failed = true
      }
    } else if type.duration == .lasting {
      error(
        at: verb.keyNode,
        "'\(verb.key)' in a soak needs 'for:' (how long each occurrence lasts), e.g. 'for: 3s'")
      failed = true
    }
    guard let everyEntry = known.first(where: { $0.key == "every" }) else {
      error(at: node, "soak fault '\(verb.key)' has no 'every'; expected e.g. 'every: 20-60s'")
      return nil
    }
    guard let every = durationRange(everyEntry.value) else { return nil }
    var lasts = window ?? 0
    if let downtime = action?.fault.downtime, downtime > 0 { lasts = downtime }
    if every.lowerBound <= lasts {
      error(
        at: everyEntry.value,
        "'every' must be longer than each occurrence (\(Self.format(lasts))), found \(everyEntry.value.foundDescription)"
      )
      failed = true
    }
    guard !failed, let action else { return nil }
    return SoakFault(action: action, every: every, duration: window, location: location(of: node))
  }

  /// `20-60s`, `2-5m`, `30s-2m`, or one duration (`45s`): a range of seconds, the lower bound above 0.
  mutating func durationRange(_ node: Node) -> ClosedRange<Double>? {
    let expected = "a duration or a range of durations: 45s, 20-60s, 2-5m, 30s-2m"
    guard let text = text(node, for: "every", expected: expected) else { return nil }
    let parts = text.trimmingWhitespace.split(separator: "-", omittingEmptySubsequences: false).map {
      String($0).trimmingWhitespace
    }
    var bounds: [Double] = []
    if parts.count == 1, let single = DurationText.seconds(parts[0]) {
      bounds = [single, single]
    } else if parts.count == 2, let upper = DurationText.seconds(parts[1]) {
      if let lower = DurationText.seconds(parts[0]) {
        bounds = [lower, upper]
      } else if let number = DecimalText.value(parts[0]) {
        // `20-60s`: the lower bound takes the upper bound's unit.
        let unit = String(parts[1].drop { $0.isASCIIDigit || $0 == "." })
        bounds = [number * (DurationText.seconds("1" + unit) ?? 1), upper]
      }
    }
    guard bounds.count == 2 else {
      error(at: node, "bad 'every' \(node.foundDescription); expected \(expected)")
      return nil
    }
    guard bounds[0] > 0, bounds[0] <= bounds[1], bounds[1] <= DurationText.maximumSeconds else {
      error(
        at: node,
        "'every' must go from more than 0s up to at most 24h, lower bound first, found \(node.foundDescription)"
      )
      return nil
    }
    return bounds[0]...bounds[1]
  }
}
