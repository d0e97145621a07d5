/// Steps at fixed times that cannot both apply: overlapping faults on one proxy, service verbs on a
/// service in the wrong state. Steps triggered by `after:` fire at times unknown before the run and
/// are not checked here.
extension ScenarioParser {
  /// A proxy fault active from `start` to `end` (nil = until the end of the run).
  struct FaultWindow {
    var fault: any Fault
    var verb: String
    var proxy: String
    var start: Double
    var end: Double?
    var line: Int
    var location: SourceLocation

    func overlaps(_ other: FaultWindow) -> Bool {
      start < (other.end ?? .infinity) && other.start < (end ?? .infinity)
    }

    var span: String {
      "from \(ScenarioParser.format(start))" + (end.map { " to \(ScenarioParser.format($0))" } ?? " on")
    }
  }

  mutating func checkFaultOverlaps(_ steps: [(step: TimelineStep, verbLocation: SourceLocation)]) {
    var clears: [String: [Double]] = [:]
    for (step, _) in steps {
      let fault = step.action.fault
      if case .at(let time) = step.trigger, fault.targetKind == .proxy, fault.bringsBack {
        clears[fault.target, default: []].append(time)
      }
    }
    var windows: [FaultWindow] = []
    for (step, verbLocation) in steps {
      let fault = step.action.fault
      guard case .at(let start) = step.trigger, fault.targetKind == .proxy,
        type(of: fault).duration != .instant
      else { continue }
      let (verb, proxy) = (fault.verb, fault.target)
      let cleared = clears[proxy]?.filter { $0 > start }.min()
      var end = step.duration.map { start + $0 }
      if let cleared { end = min(end ?? cleared, cleared) }
      // An instant without `for:`: `reset` resets the links open now.
      if type(of: fault).duration == .instantOrLasting, step.duration == nil { continue }
      windows.append(
        FaultWindow(
          fault: fault, verb: verb, proxy: proxy, start: start, end: end, line: step.location.line,
          location: verbLocation))
    }
    let ordered = windows.enumerated().sorted {
      ($0.element.start, $0.offset) < ($1.element.start, $1.offset)
    }
    .map(\.element)
    for (index, later) in ordered.enumerated() {
      for earlier in ordered[..<index]
      where earlier.proxy == later.proxy && earlier.fault.conflicts(with: later.fault)
        && earlier.overlaps(later)
      {
        error(
          at: later.location,
          "'\(later.verb)' on proxy '\(later.proxy)' \(later.span) overlaps '\(earlier.verb)' on the same proxy "
            + "\(earlier.span) (line \(earlier.line)); they cannot both apply: end the first ('for:' or a "
            + "'clear' step) before the second starts")
        break
      }
    }
  }

  /// A service verb's name, service and down time; nil for proxy and worker verbs.
  static func serviceVerb(_ action: StepAction) -> (verb: String, service: String, down: Double)? {
    let fault = action.fault
    guard fault.targetKind == .service else { return nil }
    return (fault.verb, fault.target, fault.downtime)
  }

  /// Simulates each service's state (running, stopped, paused, restarting) through its `at:` steps.
  mutating func checkServiceStates(_ steps: [TimelineStep]) {
    var unpredictable = Set<String>()
    for step in steps {
      if case .at = step.trigger { continue }
      if let (_, service, _) = Self.serviceVerb(step.action) { unpredictable.insert(service) }
    }
    let timed = steps.enumerated().compactMap { offset, step -> (Double, Int, TimelineStep)? in
      guard case .at(let time) = step.trigger else { return nil }
      return (time, offset, step)
    }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }

    var states: [String: (state: ServiceState, since: String, line: Int)] = [:]
    var restarting: [String: (until: Double, line: Int)] = [:]
    for (time, _, step) in timed {
      guard let (verb, service, down) = Self.serviceVerb(step.action), !unpredictable.contains(service),
        let transition = step.action.fault.serviceTransition
      else {
        continue
      }
      let location = step.location
      if let window = restarting[service], time < window.until {
        error(
          at: location,
          "'\(verb)' on service '\(service)' at \(Self.format(time)) falls while it is restarting (line "
            + "\(window.line), down until \(Self.format(window.until))); expected a time after the restart")
        continue
      }
      let current = states[service] ?? (.running, "", 0)
      let where_ = current.line > 0 ? " (by '\(current.since)' at line \(current.line))" : ""
      guard transition.from.contains(current.state) else {
        error(
          at: location,
          "'\(verb)' on service '\(service)' at \(Self.format(time)), but it is \(current.state.rawValue) then"
            + "\(where_); \(transition.otherwise)")
        continue
      }
      if down > 0 { restarting[service] = (time + down, location.line) }
      states[service] = (transition.to, verb, location.line)
    }
  }
}
