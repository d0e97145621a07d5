import Scenario

/// How expectations read in reports: `jobs: all done within 60s`.
public enum ExpectationText {
  public static func describe(_ kind: ExpectationKind) -> String {
    switch kind {
    case .jobsAllDone(let within):
      return "jobs: all done" + (within.map { " within \(Seconds.duration($0))" } ?? "")
    case .duplicates(let count): return "duplicates: \(count)"
    case .lost(let count): return "lost: \(count)"
    case .acksBalanced: return "acks: balanced"
    case .log(let log):
      var text = "log: \(log.pattern)"
      if let from = log.from { text += " from \(from)" }
      if log.count != CountComparison(.atLeast, 1) { text += " count \(log.count)" }
      if let after = log.after { text += " after \(anchor(after))" }
      if let before = log.before { text += " before \(anchor(before))" }
      if let within = log.within { text += " within \(Seconds.duration(within))" }
      return text
    case .recovery(let service, let within): return "recovery: \(service) within \(Seconds.duration(within))"
    case .backoff(let service, let tolerance, let schedule):
      return "backoff: \(service) (tolerance \(Int((tolerance * 100).rounded()))%"
        + (schedule.map { "; \($0.description)" } ?? "") + ")"
    case .noCrash: return "no crash"
    case .metric(let metric):
      return "metric: \(metric.selector) \(metric.value)"
        + (metric.within.map { " within \(Seconds.duration($0))" } ?? "")
    }
  }

  static func anchor(_ anchor: LogAnchor) -> String {
    switch anchor {
    case .message(let pattern): return "\"\(pattern)\""
    case .time(let seconds): return Seconds.duration(seconds)
    }
  }
}
