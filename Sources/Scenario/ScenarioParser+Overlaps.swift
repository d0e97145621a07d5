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

  /// Each fault window against the earlier ones on its proxy, in one pass over the windows in start
  /// order: per proxy and verb, the windows still active (their end after the current start), in
  /// start order. An earlier window that has ended can overlap no later one, so it leaves its
  /// list for good; the earliest active window of a conflicting verb is the one reported.
  /// Linear in the number of steps (a pair loop took 35–56 s for 8 000 steps).
  mutating func checkFaultOverlaps(_ steps: [(step: TimelineStep, verbLocation: SourceLocation)]) {
    var clears: [String: [Double]] = [:]
    for (step, _) in steps {
      let fault = step.action.fault
      if case .at(let time) = step.trigger, fault.targetKind == .proxy, fault.bringsBack {
        clears[fault.target, default: []].append(time)
      }
    }
    for proxy in clears.keys { clears[proxy]?.sort() }
    var windows: [FaultWindow] = []
    for (step, verbLocation) in steps {
      let fault = step.action.fault
      guard case .at(let start) = step.trigger, fault.targetKind == .proxy,
        type(of: fault).duration != .instant
      else { continue }
      let (verb, proxy) = (fault.verb, fault.target)
      let cleared = clears[proxy].flatMap { Self.firstAfter(start, in: $0) }
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
    // Per proxy, per verb: indexes into `ordered` of the windows not known to have ended, and
    // where the list really begins (the entries before `head` have ended).
    var active: [String: [String: (indexes: [Int], head: Int)]] = [:]
    for (index, later) in ordered.enumerated() {
      var earliest: Int?
      for (verb, var list) in active[later.proxy] ?? [:] {
        while list.head < list.indexes.count, let end = ordered[list.indexes[list.head]].end,
          end <= later.start
        {
          list.head += 1
        }
        active[later.proxy]?[verb] = list
        guard list.head < list.indexes.count else { continue }
        let candidate = list.indexes[list.head]
        if ordered[candidate].fault.conflicts(with: later.fault), ordered[candidate].overlaps(later),
          candidate < earliest ?? .max
        {
          earliest = candidate
        }
      }
      if let earliest {
        let earlier = ordered[earliest]
        error(
          at: later.location,
          "'\(later.verb)' on proxy '\(later.proxy)' \(later.span) overlaps '\(earlier.verb)' on the same proxy "
            + "\(earlier.span) (line \(earlier.line)); they cannot both apply: end the first ('for:' or a "
            + "'clear' step) before the second starts")
      }
      active[later.proxy, default: [:]][later.verb, default: ([], 0)].indexes.append(index)
    }
  }

  /// The smallest time in `sorted` greater than `time`.
  static func firstAfter(_ time: Double, in sorted: [Double]) -> Double? {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] > time { high = middle } else { low = middle + 1 }
    }
    return low < sorted.count ? sorted[low] : nil
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
