import Foundation
import LogVocabulary
import Scenario

/// `backoff: redis` (`tolerance: 20%`, optional `schedule: { initial, max, factor, double_after }`):
/// the workers' reconnection attempts follow the schedule. Two witnesses judge, each where it can,
/// and the result names them (`witness: wire`, `logs`, or `wire and logs` — then both must hold):
///
/// - **wire** (``WireBackoff``): when a proxy stands in front of the service, the gaps between the
///   connection attempts each worker process made during each outage, against the declared
///   schedule or the one the settings imply (initial and max as below, ×2). Needs nothing from the
///   worker.
/// - **logs**: the attempts the workers logged (`reconnect.attempt` with `service: redis`), per
/// docs/log-events.md: `delay_s` of attempt n is min(initial × 2ⁿ⁻¹, max) within the tolerance,
/// and attempt n came at least `delay_s` × (1 − tolerance) after attempt n − 1 (by the workers' own
/// `ts`, or by arrival when a line has none). Initial and max come from each worker's environment
/// (`REDIS_RECONNECT_INITIAL_DELAY`, `REDIS_RECONNECT_MAX_DELAY`; defaults 3 s and 30 s). The
/// tolerance is a fraction (`20%` is 0.2). Neither witness seeing an attempt is unknown: nothing was
/// checked.
public struct BackoffChecker: Checker {
  public static let witness = "wire and logs"

  public static let key = "backoff"
  public static let parameters = ["tolerance", "schedule"]

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    var tolerance = 0.2
    if let field = entry.field("tolerance") {
      guard let text = parser.text(field.value, for: "tolerance", expected: "a percentage like 20%") else {
        return nil
      }
      guard text.hasSuffix("%"),
        let percent = DecimalText.value(String(text.dropLast()).trimmingWhitespace),
        percent <= 100
      else {
        parser.error(
          at: field.value,
          "bad tolerance \(field.value.foundDescription); expected a percentage from 0% to 100%, like 20%")
        return nil
      }
      tolerance = percent / 100
    }
    var schedule: BackoffSchedule?
    if let field = entry.field("schedule") {
      guard let parsed = BackoffSchedule.parse(field.value, &parser) else { return nil }
      schedule = parsed
    }
    return parser.expectedService(entry.claim).map {
      Self(service: $0, tolerance: tolerance, schedule: schedule)
    }
  }

  public var service: String
  public var tolerance: Double
  public var schedule: BackoffSchedule?

  public init(service: String, tolerance: Double, schedule: BackoffSchedule? = nil) {
    self.service = service
    self.tolerance = tolerance
    self.schedule = schedule
  }

  public var description: String {
    "backoff: \(service) (tolerance \(Int((tolerance * 100).rounded()))%"
      + (schedule.map { "; \($0.description)" } ?? "") + ")"
  }

  public func problems(in model: ScenarioModel) -> [String] { Self.undeclared(service, in: model) }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let kind = journal.scenario.serviceKind(service) ?? service
    let prefix = kind.uppercased()
    let windows = journal.outages(of: service)
    let wire = WireBackoff(service: service, tolerance: tolerance).examine(journal, windows: windows) {
      instance in
      if let schedule { return schedule }
      let role = journal.events.first { $0.instance == instance }?.role ?? ""
      let initial =
        journal.scenario.setting("\(prefix)_RECONNECT_INITIAL_DELAY", role: role).flatMap(Double.init)
        ?? ReconnectDefaults.initialDelay
      let maximum =
        journal.scenario.setting("\(prefix)_RECONNECT_MAX_DELAY", role: role).flatMap(Double.init)
        ?? ReconnectDefaults.maxDelay
      return BackoffSchedule(initial: initial, maximum: maximum)
    }
    let logs = examineLogs(journal, kind: kind)
    let wireJudges = wire.judged > 0
    let logsJudge = logs.judged > 0
    guard wireJudges || logsJudge else {
      return .unknown(
        "no reconnect.attempt for \(kind) logged"
          + (wire.witnessed
            ? " and no worker process made two attempts through the proxy during an outage" : "")
          + ": the schedule could not be checked", wire.evidence)
    }
    let witness = wireJudges && logsJudge ? "wire and logs" : wireJudges ? "wire" : "logs"
    var evidence = ["witness: \(witness)" + (wire.witnessed ? "" : " (no proxy in front of \(service))")]
    evidence += logs.evidence + wire.evidence + wire.unjudged
    let problems: [String] = (logsJudge ? logs.problems : []) + (wireJudges ? wire.problems : [])
    if wireJudges && logsJudge && wire.problems.isEmpty != logs.problems.isEmpty {
      evidence.append(
        "disagreement: the \(wire.problems.isEmpty ? "wire" : "logs") hold, the \(wire.problems.isEmpty ? "logs" : "wire") do not"
      )
    }
    if !problems.isEmpty {
      return Verdict(
        outcome: .fail, summary: problems.joined(separator: "; "), evidence: evidence + problems,
        witness: witness)
    }
    var parts: [String] = []
    if logsJudge { parts.append("\(logs.attempts) logged attempts by \(logs.judged) workers") }
    if wireJudges { parts.append("\(wire.attempts) attempts on the wire by \(wire.judged) processes") }
    let unjudged =
      wire.unjudged.isEmpty
      ? ""
      : "; \(wire.unjudged.count) gap\(wire.unjudged.count == 1 ? "" : "s") not judged (the machine kept a process waiting for a CPU)"
    return Verdict(
      outcome: .pass,
      summary: parts.joined(separator: " and ")
        + " follow the schedule within \(Int((tolerance * 100).rounded()))% (witness: \(witness))" + unjudged,
      evidence: evidence, witness: witness)
  }

  /// The logs witness.
  private func examineLogs(_ journal: RunJournal, kind: String) -> (
    problems: [String], evidence: [String], judged: Int, attempts: Int
  ) {
    let prefix = kind.uppercased()
    let attempts = journal.events.filter {
      $0.message == LogEvent.reconnectAttempt && $0["service"]?.stringValue == kind
    }
    guard !attempts.isEmpty else { return ([], [], 0, 0) }
    var evidence: [String] = []
    var problems: [String] = []
    let byInstance = Dictionary(grouping: attempts, by: \.instance)
    for instance in byInstance.keys.sorted() {
      let events = byInstance[instance] ?? []
      let role = events[0].role
      let initial =
        journal.scenario.setting("\(prefix)_RECONNECT_INITIAL_DELAY", role: role).flatMap(Double.init)
        ?? ReconnectDefaults.initialDelay
      let maximum =
        journal.scenario.setting("\(prefix)_RECONNECT_MAX_DELAY", role: role).flatMap(Double.init)
        ?? ReconnectDefaults.maxDelay
      var logged: [String] = []
      var expected: [String] = []
      var previous: WorkerEvent?
      for event in events {
        guard let attempt = event["attempt"]?.intValue, let delay = event["delay_s"]?.doubleValue else {
          problems.append("\(instance): reconnect.attempt without attempt/delay_s: \(event.text)")
          continue
        }
        let want = min(initial * pow(2, Double(max(attempt - 1, 0))), maximum)
        logged.append(format(delay))
        expected.append(format(want))
        if abs(delay - want) > tolerance * want + 0.000_5 {
          problems.append(
            "\(instance) attempt \(attempt) waited \(format(delay)) s, expected \(format(want)) s")
        }
        if let previous, previous.generation == event.generation, previous["attempt"]?.intValue == attempt - 1
        {
          let gap = gapSeconds(from: previous, to: event)
          if gap < delay * (1 - tolerance) {
            problems.append(
              "\(instance) attempt \(attempt) came \(format(gap)) s after attempt \(attempt - 1), less than its \(format(delay)) s delay"
            )
          }
        }
        previous = event
      }
      evidence.append(
        "\(instance): delays \(logged.joined(separator: ", ")) s; expected \(expected.joined(separator: ", ")) s"
      )
    }
    return (problems, evidence, byInstance.count, attempts.count)
  }

  private func gapSeconds(from earlier: WorkerEvent, to later: WorkerEvent) -> Double {
    if let start = earlier.loggedAt, let end = later.loggedAt { return end.timeIntervalSince(start) }
    return later.time - earlier.time
  }

  private func format(_ value: Double) -> String { String(format: "%.3g", value) }
}

extension BackoffChecker {
  /// In a run held only in part: the `reconnect.attempt` lines for the service and its link events.
  public func interest(in journal: RunJournal) -> StreamInterest? {
    let kind = journal.scenario.serviceKind(service) ?? service
    let service = service
    return StreamInterest(
      line: { $0.message == LogEvent.reconnectAttempt && $0["service"]?.stringValue == kind },
      link: { $0.service == service || $0.proxy == service })
  }
}
