/// Steps at fixed times that cannot both apply: overlapping faults on one proxy, service verbs on a
/// service in the wrong state. Steps triggered by `after:` fire at times unknown before the run and
/// are not checked here.
extension ScenarioParser {
  /// A proxy fault active from `start` to `end` (nil = until the end of the run).
  struct FaultWindow {
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

  /// Pairs of faults on one proxy that contradict each other.
  static func conflict(_ a: String, _ b: String) -> Bool {
    a == b || a == "cut" || b == "cut" || (a == "blackhole" && b == "reset")
      || (a == "reset" && b == "blackhole")
  }

  /// Each fault window against the earlier ones on its proxy, in one pass over the windows in start
  /// order: per proxy and verb, the windows still active (their end after the current start), in
  /// start order. An earlier window that has ended can overlap no later one, so it leaves its
  /// list for good; the earliest active window of each conflicting verb is the one reported.
  /// Linear in the number of steps (a pair loop took 35 s for 8 000 steps).
  mutating func checkFaultOverlaps(_ steps: [(step: TimelineStep, verbLocation: SourceLocation)]) {
    var clears: [String: [Double]] = [:]
    for (step, _) in steps {
      if case .at(let time) = step.trigger, case .clear(let proxy) = step.action {
        clears[proxy, default: []].append(time)
      }
    }
    for proxy in clears.keys { clears[proxy]?.sort() }
    var windows: [FaultWindow] = []
    for (step, verbLocation) in steps {
      guard case .at(let start) = step.trigger, let (verb, proxy) = Self.fault(step.action) else { continue }
      let cleared = clears[proxy].flatMap { Self.firstAfter(start, in: $0) }
      var end = step.duration.map { start + $0 }
      if let cleared { end = min(end ?? cleared, cleared) }
      if verb == "reset", step.duration == nil { continue }  // an instant: resets the links open now
      windows.append(
        FaultWindow(
          verb: verb, proxy: proxy, start: start, end: end, line: step.location.line, location: verbLocation))
    }
    let ordered = windows.enumerated().sorted {
      ($0.element.start, $0.offset) < ($1.element.start, $1.offset)
    }
    .map(\.element)
    // Per "proxy verb": indexes into `ordered` of the windows not known to have ended, and where
    // the list really begins (earlier entries have ended).
    var active: [String: (indexes: [Int], head: Int)] = [:]
    for (index, later) in ordered.enumerated() {
      var earliest: Int?
      for verb in Self.faultVerbs where Self.conflict(verb, later.verb) {
        let key = "\(later.proxy) \(verb)"
        guard var list = active[key] else { continue }
        while list.head < list.indexes.count, let end = ordered[list.indexes[list.head]].end,
          end <= later.start
        {
          list.head += 1
        }
        active[key] = list
        if list.head < list.indexes.count {
          let candidate = list.indexes[list.head]
          if ordered[candidate].overlaps(later), candidate < earliest ?? .max { earliest = candidate }
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
      active["\(later.proxy) \(later.verb)", default: ([], 0)].indexes.append(index)
    }
  }

  /// Every verb ``fault(_:)`` returns.
  static let faultVerbs = ["cut", "delay", "reset", "blackhole", "throttle", "slice"]

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

  static func fault(_ action: StepAction) -> (verb: String, proxy: String)? {
    switch action {
    case .cut(let proxy): return ("cut", proxy)
    case .delay(let proxy, _, _): return ("delay", proxy)
    case .reset(let proxy): return ("reset", proxy)
    case .blackhole(let proxy): return ("blackhole", proxy)
    case .throttle(let proxy, _): return ("throttle", proxy)
    case .slice(let proxy, _, _, _): return ("slice", proxy)
    default: return nil
    }
  }

  static func serviceVerb(_ action: StepAction) -> (verb: String, service: String, down: Double)? {
    switch action {
    case .restart(let service, let down): return ("restart", service, down)
    case .stop(let service): return ("stop", service, 0)
    case .start(let service): return ("start", service, 0)
    case .kill(let service): return ("kill", service, 0)
    case .pause(let service): return ("pause", service, 0)
    case .resume(let service): return ("resume", service, 0)
    default: return nil
    }
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

    enum State { case running, stopped, paused }
    var states: [String: (state: State, since: String, line: Int)] = [:]
    var restarting: [String: (until: Double, line: Int)] = [:]
    for (time, _, step) in timed {
      guard let (verb, service, down) = Self.serviceVerb(step.action), !unpredictable.contains(service) else {
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
      func refuse(_ expected: String) {
        let state = current.state == .running ? "running" : current.state == .stopped ? "stopped" : "paused"
        error(
          at: location,
          "'\(verb)' on service '\(service)' at \(Self.format(time)), but it is \(state) then\(where_); \(expected)"
        )
      }
      switch verb {
      case "restart":
        guard current.state != .stopped else {
          refuse("use 'start' to bring a stopped service back")
          continue
        }
        restarting[service] = (time + down, location.line)
        states[service] = (.running, verb, location.line)
      case "stop", "kill":
        guard current.state != .stopped else {
          refuse("expected a 'start' before it")
          continue
        }
        states[service] = (.stopped, verb, location.line)
      case "start":
        guard current.state == .stopped else {
          refuse("'start' applies to a stopped or killed service")
          continue
        }
        states[service] = (.running, verb, location.line)
      case "pause":
        guard current.state == .running else {
          refuse("'pause' applies to a running service")
          continue
        }
        states[service] = (.paused, verb, location.line)
      default:  // resume
        guard current.state == .paused else {
          refuse("'resume' applies to a paused service")
          continue
        }
        states[service] = (.running, verb, location.line)
      }
    }
  }
}
