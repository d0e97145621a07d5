import Scenario

/// `log: <text or /regex/>` with `from`, `count`, `before`, `after`, `within`.
///
/// A line matches when its `msg` (or, for a non-JSON line, the whole line) contains the text or
/// matches the regex, and it comes from the `from` role. `after: 5s` keeps lines that arrived at
/// least 5 s after the workload started; `after: <message>` keeps lines that came after the first
/// time the same worker instance logged that message; `before` alike (an anchor message an
/// instance never logged keeps none of its lines for `after`, all of them for `before`). The
/// number of lines kept is held to `count` (default `>= 1`). `within` requires the first kept line
/// within that many seconds of the `after` anchor (the earliest one for a message anchor), or of
/// the workload start.
public struct LogChecker: Checker {
  public static let witness = "logs"

  public static let key = "log"
  public static let parameters = ["from", "count", "before", "after", "within"]

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    guard let pattern = parser.logPattern(entry.claim.value, for: "log") else { return nil }
    var expectation = LogExpectation(pattern: pattern, within: entry.within)
    var valid = true
    if let from = entry.field("from") {
      if let named = parser.declaredWorker(from.value, for: "from") {
        expectation.from = WorkerNaming.selector(named.worker, index: named.index)
      } else {
        valid = false
      }
    }
    if let count = entry.field("count") {
      if let comparison = parser.countComparison(count.value) {
        expectation.count = comparison
      } else {
        valid = false
      }
    }
    for key in ["before", "after"] {
      guard let anchorField = entry.field(key) else { continue }
      guard let text = parser.text(anchorField.value, for: key, expected: "a log message or a time") else {
        valid = false
        continue
      }
      let anchor: LogAnchor
      if let seconds = DurationText.seconds(text) {
        anchor = .time(seconds)
      } else if let pattern = parser.logPattern(anchorField.value, for: key) {
        anchor = .message(pattern)
      } else {
        valid = false
        continue
      }
      if key == "before" { expectation.before = anchor } else { expectation.after = anchor }
    }
    return valid ? Self(expectation) : nil
  }

  public var expectation: LogExpectation

  public init(_ expectation: LogExpectation) {
    self.expectation = expectation
  }

  public var description: String {
    var text = "log: \(expectation.pattern)"
    if let from = expectation.from { text += " from \(from)" }
    if expectation.count != CountComparison(.atLeast, 1) { text += " count \(expectation.count)" }
    if let after = expectation.after { text += " after \(Self.describe(after))" }
    if let before = expectation.before { text += " before \(Self.describe(before))" }
    if let within = expectation.within { text += " within \(Seconds.duration(within))" }
    return text
  }

  private static func describe(_ anchor: LogAnchor) -> String {
    switch anchor {
    case .message(let pattern): return "\"\(pattern)\""
    case .time(let seconds): return Seconds.duration(seconds)
    }
  }

  /// Patterns a scenario built in code may carry that do not compile.
  public func problems(in model: ScenarioModel) -> [String] {
    return ([expectation.pattern] + expectation.messageAnchors).filter { !$0.isValid }.map {
      "\($0) is not a valid regular expression"
    }
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    guard expectation.pattern.isValid else {
      return .fail("invalid regular expression \(expectation.pattern)")
    }
    let candidates = journal.events.filter { event in expectation.from.map(event.isFrom) ?? true }
    let afterFirst = firsts(of: expectation.after, in: candidates)
    let beforeFirst = firsts(of: expectation.before, in: candidates)
    var kept: [WorkerEvent] = []
    var excluded = 0
    for event in candidates where expectation.pattern.matches(event.matchText) {
      if !holds(event, after: expectation.after, afterFirst)
        || !holds(event, before: expectation.before, beforeFirst)
      {
        excluded += 1
        continue
      }
      kept.append(event)
    }
    var evidence = EventQueries.capped(kept.map(\.evidenceLine))
    if excluded > 0 { evidence.append("\(excluded) other matching lines outside the before/after bounds") }
    for (name, anchor, firsts) in [
      ("after", expectation.after, afterFirst), ("before", expectation.before, beforeFirst),
    ] {
      if case .message(let pattern)? = anchor {
        if firsts.isEmpty {
          evidence.append("\(name) anchor \"\(pattern)\" was never logged")
        } else {
          evidence += firsts.sorted { $0.key < $1.key }.map {
            "\(name) anchor \"\(pattern)\" first from \($0.key) at \(Seconds.format($0.value.time, width: 0))"
          }
        }
      }
    }
    let source = expectation.from.map { " from \($0)" } ?? ""
    guard expectation.count.holds(kept.count) else {
      return .fail(
        "\(kept.count) matching lines\(source), expected \(expectation.count)", evidence)
    }
    if let within = expectation.within, expectation.count.holds(0) == false || !kept.isEmpty {
      let start: Double
      switch expectation.after {
      case .time(let seconds)?: start = seconds
      case .message?: start = afterFirst.values.map(\.time).min() ?? 0
      case nil: start = 0
      }
      guard let first = kept.first else { return .fail("no matching line\(source)", evidence) }
      let delay = first.time - start
      evidence.append("first match \(Seconds.precise(delay)) after \(Seconds.format(start, width: 0))")
      if delay > within {
        return .fail(
          "first match \(Seconds.precise(delay)) after its anchor, later than \(Seconds.duration(within))",
          evidence)
      }
    }
    return .pass("\(kept.count) matching lines\(source) (\(expectation.count))", evidence)
  }

  /// For a message anchor: the time each instance first logged it.
  private func firsts(of anchor: LogAnchor?, in events: [WorkerEvent]) -> [String: WorkerEvent] {
    guard case .message(let pattern)? = anchor else { return [:] }
    var firsts: [String: WorkerEvent] = [:]
    for event in events where pattern.matches(event.matchText) && firsts[event.instance] == nil {
      firsts[event.instance] = event
    }
    return firsts
  }

  private func holds(_ event: WorkerEvent, after anchor: LogAnchor?, _ firsts: [String: WorkerEvent]) -> Bool
  {
    switch anchor {
    case nil: return true
    case .time(let seconds)?: return event.time >= seconds
    case .message?:
      guard let first = firsts[event.instance] else { return false }
      return event.sequence > first.sequence
    }
  }

  private func holds(_ event: WorkerEvent, before anchor: LogAnchor?, _ firsts: [String: WorkerEvent]) -> Bool
  {
    switch anchor {
    case nil: return true
    case .time(let seconds)?: return event.time <= seconds
    case .message?:
      guard let first = firsts[event.instance] else { return true }
      return event.sequence < first.sequence
    }
  }
}

extension LogChecker {
  /// In a run held only in part: the lines from the `from` role that match the pattern or an
  /// `after`/`before` message anchor.
  public func interest(in journal: RunJournal) -> StreamInterest? {
    let expectation = expectation
    let anchors = expectation.messageAnchors
    return StreamInterest(line: { event in
      guard expectation.from.map(event.isFrom) ?? true else { return false }
      let text = event.matchText
      return expectation.pattern.matches(text) || anchors.contains { $0.matches(text) }
    })
  }
}
