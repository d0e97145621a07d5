import Foundation
import LogVocabulary
import Scenario

/// `backoff: redis` (`tolerance: 20%`): the reconnection attempts the workers logged
/// (`reconnect.attempt` with `service: redis`) follow the configured schedule, per
/// docs/log-events.md: `delay_s` of attempt n is min(initial × 2ⁿ⁻¹, max) within the tolerance,
/// and attempt n came at least `delay_s` × (1 − tolerance) after attempt n − 1 (by the workers' own
/// `ts`, or by arrival when a line has none). Initial and max come from each worker's environment
/// (`REDIS_RECONNECT_INITIAL_DELAY`, `REDIS_RECONNECT_MAX_DELAY`; defaults 3 s and 30 s). The
/// tolerance is a fraction (`20%` is 0.2). No attempt logged at all fails: nothing was checked.
public struct BackoffChecker: Checker {
  public static let witness = "logs"

  public static func checking(_ kind: ExpectationKind) -> Self? {
    guard case .backoff(let service, let tolerance) = kind else { return nil }
    return Self(service: service, tolerance: tolerance)
  }

  public var service: String
  public var tolerance: Double

  public init(service: String, tolerance: Double) {
    self.service = service
    self.tolerance = tolerance
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let kind = journal.scenario.serviceKind(service) ?? service
    let prefix = kind.uppercased()
    let attempts = journal.events.filter {
      $0.message == LogEvent.reconnectAttempt && $0["service"]?.stringValue == kind
    }
    guard !attempts.isEmpty else {
      return .unknown("no reconnect.attempt for \(kind) logged: the schedule could not be checked")
    }
    var evidence: [String] = []
    var problems: [String] = []
    let byInstance = Dictionary(grouping: attempts, by: \.instance)
    for instance in byInstance.keys.sorted() {
      let events = byInstance[instance] ?? []
      let role = events[0].role
      let initial =
        journal.scenario.setting("\(prefix)_RECONNECT_INITIAL_DELAY", role: role).flatMap(Double.init) ?? 3
      let maximum =
        journal.scenario.setting("\(prefix)_RECONNECT_MAX_DELAY", role: role).flatMap(Double.init) ?? 30
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
    if !problems.isEmpty { return .fail(problems.joined(separator: "; "), evidence + problems) }
    return .pass(
      "\(attempts.count) attempts by \(byInstance.count) workers follow the schedule within \(Int((tolerance * 100).rounded()))%",
      evidence)
  }

  private func gapSeconds(from earlier: WorkerEvent, to later: WorkerEvent) -> Double {
    if let start = earlier.loggedAt, let end = later.loggedAt { return end.timeIntervalSince(start) }
    return later.time - earlier.time
  }

  private func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
