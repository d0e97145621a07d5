import Yams

/// The top level of a `.scn` file.
extension ScenarioParser {
  static let topLevelKeys = [
    "name", "about", "seed", "deadline", "services", "proxies", "workers", "settings", "workload", "check",
    "timeline", "expect", "soak", "metrics",
  ]

  mutating func parseRoot(_ root: Node) -> ScenarioModel? {
    guard let entries = entries(of: root, in: "a scenario file", expected: "a mapping (name:, services:, …)")
    else { return nil }
    let known = checkKeys(entries, allowed: Self.topLevelKeys, in: "the scenario")
    var byKey: [String: MappingEntry] = [:]
    // A section left empty (`timeline:` with every step commented out) is an empty section.
    let sections = [
      "services", "proxies", "workers", "settings", "workload", "check", "timeline", "expect", "soak",
    ]
    for entry in known where !(sections.contains(entry.key) && entry.value.isNullScalar) {
      byKey[entry.key] = entry
    }

    var model = ScenarioModel(file: file, name: "")
    if let entry = byKey["name"] {
      if let name = text(entry.value, for: "name", expected: "the scenario's name") {
        if name.trimmingWhitespace.isEmpty {
          error(at: entry.value, "'name' must not be empty")
        } else if checkName(name, at: entry.value, of: "scenario") {
          model.name = name
        }
      }
    } else {
      error(at: root, "missing required key 'name'; expected e.g. 'name: redis-restart'")
    }
    if let entry = byKey["about"], let about = text(entry.value, for: "about") { model.about = about }
    if let entry = byKey["seed"] {
      let expected = "a whole number from 0 to \(UInt64.max)"
      if let text = text(entry.value, for: "seed", expected: expected) {
        if let seed = UInt64(text.trimmingWhitespace) {
          model.seed = seed
        } else {
          error(at: entry.value, "'seed' must be \(expected), found \(entry.value.foundDescription)")
        }
      }
    }
    if let entry = byKey["deadline"], let deadline = duration(entry.value, for: "deadline") {
      if deadline <= 0 {
        error(at: entry.value, "'deadline' must be longer than 0s, found \(entry.value.foundDescription)")
      } else {
        model.deadline = deadline
      }
    }
    deadline = model.deadline
    if let entry = byKey["metrics"], let on = boolean(entry.value, for: "metrics") { model.metrics = on }

    // Declarations first, whatever their order in the file: the timeline and expectations refer to them.
    if let entry = byKey["services"] { model.services = parseServices(entry.value) }
    if let entry = byKey["proxies"] { model.proxies = parseProxies(entry.value) }
    if let entry = byKey["workers"] { model.workers = parseWorkers(entry.value) }
    if let entry = byKey["settings"] {
      model.settings = parseEnvironment(entry.value, in: "'settings'")
      if case .mapping(let mapping) = entry.value {
        for (_, value) in mapping {
          if case .scalar(let scalar) = value { _ = checkPlaceholders(scalar.string, at: value) }
        }
      }
    }
    isSoak = byKey["soak"] != nil
    if let entry = byKey["workload"], let workload = parseWorkload(entry.value) { model.workload = workload }
    if let entry = byKey["check"] { model.check = parseCheck(entry.value) }
    if let entry = byKey["timeline"] { model.timeline = parseTimeline(entry.value) }
    if let entry = byKey["expect"] { model.expectations = parseExpectations(entry.value) }
    if let entry = byKey["soak"] { model.soak = parseSoak(entry.value, workload: model.workload) }
    return model
  }
}
