import Scenario

/// `recovery: redis` `within: 3s`: after every timeline step that took the service away (restart,
/// stop/kill/pause until start/resume, or a cut/blackhole/reset of a proxy in front of it), each
/// worker that noticed the outage made its first successful operation within the limit of the
/// service being back.
///
/// "Back" is the end of the step's window in the journal (the restarted server answered, the fault
/// was removed). A worker noticed the outage when it logged trouble with the service — a warning
/// or error from its client, a seed message naming it, `worker.waiting` — between the step's start
/// and `within` after the service was back. Its first success is the first `<Service> reconnection
/// successful`, `<service>.connected` or unit of work (`job.*`, `message.acked`) at or after the
/// service was back. Workers that never noticed are listed but not held to the limit; a window that
/// no worker noticed fails, since nothing could be measured.
public struct RecoveryChecker: Checker {
  public static let witness = "timeline and logs"

  public static func checking(_ kind: ExpectationKind) -> Self? {
    guard case .recovery(let service, let within) = kind else { return nil }
    return Self(service: service, within: within)
  }

  public var service: String
  public var within: Double

  public init(service: String, within: Double) {
    self.service = service
    self.within = within
  }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let kind = journal.scenario.serviceKind(service) ?? service
    let windows = journal.timeline.filter {
      $0.interruptsService && ($0.service == service || $0.target == service) && $0.startedAt != nil
    }
    guard !windows.isEmpty else {
      return .unknown("no timeline step took \(service) away: nothing to recover from")
    }
    var evidence: [String] = []
    var problems: [String] = []
    var worst = 0.0
    for window in windows {
      guard let start = window.startedAt, let back = window.endedAt else {
        problems.append("\(window.description): \(service) never came back")
        continue
      }
      evidence.append(
        "\(window.description): down at \(Seconds.format(start, width: 0)), back at \(Seconds.format(back, width: 0))"
      )
      var noticed = 0
      for instance in journal.instances {
        let events = journal.events(of: instance)
        let trouble = events.first {
          $0.time >= start && $0.time <= back + within && EventQueries.isFailure($0, kind: kind)
        }
        guard let trouble else {
          evidence.append("  \(instance): did not notice")
          continue
        }
        noticed += 1
        guard
          let success = events.first(where: {
            $0.time >= back && $0.sequence > trouble.sequence && EventQueries.isSuccess($0, kind: kind)
          })
        else {
          problems.append(
            "\(instance) never succeeded after \(service) was back at \(Seconds.format(back, width: 0))")
          evidence.append(
            "  \(instance): noticed at \(Seconds.format(trouble.time, width: 0)) (\(trouble.matchText)), no success after"
          )
          continue
        }
        let delay = success.time - back
        worst = max(worst, delay)
        evidence.append(
          "  \(instance): first success \(Seconds.precise(delay)) after back: \(success.evidenceLine)")
        if delay > within {
          problems.append("\(instance) took \(Seconds.precise(delay)) after \(window.description)")
        }
      }
      if noticed == 0 {
        problems.append("no worker noticed \(window.description): recovery could not be measured")
      }
    }
    if !problems.isEmpty { return .fail(problems.joined(separator: "; "), evidence) }
    return .pass("slowest recovery \(Seconds.precise(worst)) (limit \(Seconds.duration(within)))", evidence)
  }
}
