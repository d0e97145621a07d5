import Scenario

/// `recovery: redis` `within: 3s`: after every timeline step that took the service away (restart,
/// stop/kill/pause until start/resume, or a cut/blackhole/reset of a proxy in front of it), each
/// worker that noticed the outage made its first successful operation within the limit of the
/// service being back. Two witnesses judge, each where it can:
///
/// - **wire** (``WireRecovery``): when a proxy stands in front of the service, each worker that
///   lost or was refused a link in the window, timed to its first successful exchange on a new
///   link. Needs nothing from the worker.
/// - **logs**: a worker noticed the outage when it logged trouble with the service — a warning or
///   error from its client, a seed message naming it, `worker.waiting` — between the step's start
///   and `within` after the service was back; its first success is the first `<Service>
///   reconnection successful`, `<service>.connected` or unit of work (`job.*`, `message.acked`) at
///   or after the service was back.
///
/// "Back" is the end of the step's window in the journal (the restarted server answered, the fault
/// was removed). Workers that never noticed are listed but not held to the limit. When both
/// witnesses judge, both must hold, and the evidence sets their times side by side; when no
/// witness saw any worker notice a window, the expectation fails: nothing could be measured.
public struct RecoveryChecker: Checker {
  public static let witness = "timeline, wire and logs"

  public static let key = "recovery"
  public static let parameters = ["within"]

  public static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    guard let service = parser.expectedService(entry.claim) else { return nil }
    guard let within = entry.within else {
      parser.error(at: entry.claim.keyNode, "'recovery' needs 'within', e.g. 'within: 3s'")
      return nil
    }
    return Self(service: service, within: within)
  }

  public var service: String
  public var within: Double

  public init(service: String, within: Double) {
    self.service = service
    self.within = within
  }

  public var description: String { "recovery: \(service) within \(Seconds.duration(within))" }

  public func problems(in model: ScenarioModel) -> [String] { Self.undeclared(service, in: model) }

  public func evaluate(_ journal: RunJournal) -> Verdict {
    let windows = journal.outages(of: service)
    guard !windows.isEmpty else {
      return .unknown("no timeline step took \(service) away: nothing to recover from")
    }
    var evidence: [String] = []
    var problems: [String] = []
    for window in windows {
      guard let start = window.startedAt, let back = window.endedAt else {
        problems.append("\(window.description): \(service) never came back")
        continue
      }
      evidence.append(
        "\(window.description): down at \(Seconds.format(start, width: 0)), back at \(Seconds.format(back, width: 0))"
      )
    }
    let logs = examineLogs(journal, windows: windows)
    let wire = WireRecovery(service: service, within: within).examine(journal, windows: windows)
    let logsJudge = !logs.times.isEmpty || !logs.problems.isEmpty
    let wireJudges =
      wire.witnessed && (!wire.times.isEmpty || !wire.problems.isEmpty || !wire.unknowns.isEmpty)
    let witness: String
    switch (wireJudges, logsJudge) {
    case (true, true): witness = "wire and logs"
    case (true, false): witness = "wire"
    case (false, true): witness = "logs"
    case (false, false): witness = "none"
    }
    evidence.append(
      "witness: \(witness)"
        + (wire.witnessed ? "" : " (no proxy in front of \(service): the logs are the only witness)")
        + (wireJudges && !logsJudge ? " (no worker logged trouble with \(service) and a success)" : ""))
    if logsJudge { evidence += logs.evidence }
    if wire.witnessed { evidence += wire.evidence }
    if wireJudges && logsJudge {
      for key in Set(wire.times.keys).intersection(logs.times.keys).sorted() {
        let byWire = wire.times[key]!
        let byLogs = logs.times[key]!
        let owner = key.split(separator: " ", maxSplits: 1).last.map(String.init) ?? key
        let line =
          "  \(owner): \(Seconds.precise(byWire)) by the wire, \(Seconds.precise(byLogs)) by the logs"
        evidence.append(abs(byWire - byLogs) > 0.5 ? line + " (disagreement)" : line)
      }
    }
    if !wireJudges && !logsJudge {
      problems.append(
        "no worker noticed \(windows.map(\.description).joined(separator: ", ")): recovery could not be measured"
      )
    }
    if logsJudge { problems += logs.problems }
    if wireJudges { problems += wire.problems }
    if !problems.isEmpty {
      return Verdict(
        outcome: .fail, summary: problems.joined(separator: "; "), evidence: evidence, witness: witness)
    }
    if wireJudges && !wire.unknowns.isEmpty {
      return Verdict(
        outcome: .unknown, summary: "\(service) — " + wire.unknowns.joined(separator: "; "),
        evidence: evidence,
        witness: witness)
    }
    let worst = max(wireJudges ? wire.worst : 0, logsJudge ? logs.worst : 0)
    return Verdict(
      outcome: .pass,
      summary:
        "slowest recovery \(Seconds.precise(worst)) (limit \(Seconds.duration(within)); witness: \(witness))",
      evidence: evidence, witness: witness)
  }

  /// The logs witness; `times` by "window-index instance".
  private func examineLogs(_ journal: RunJournal, windows: [StepRecord]) -> WireRecovery.Finding {
    let kind = journal.scenario.serviceKind(service) ?? service
    var finding = WireRecovery.Finding()
    for window in windows {
      guard let start = window.startedAt, let back = window.endedAt else { continue }
      for instance in journal.instances {
        let events = journal.events(of: instance)
        let trouble = events.first {
          $0.time >= start && $0.time <= back + within && EventQueries.isFailure($0, kind: kind)
        }
        guard let trouble else {
          finding.evidence.append("  \(instance): did not notice")
          continue
        }
        guard
          let success = events.first(where: {
            $0.time >= back && $0.sequence > trouble.sequence && EventQueries.isSuccess($0, kind: kind)
          })
        else {
          finding.problems.append(
            "\(instance) never succeeded after \(service) was back at \(Seconds.format(back, width: 0))")
          finding.evidence.append(
            "  \(instance): noticed at \(Seconds.format(trouble.time, width: 0)) (\(trouble.matchText)), no success after"
          )
          continue
        }
        let delay = success.time - back
        finding.times["\(window.index) \(instance)"] = delay
        finding.worst = max(finding.worst, delay)
        finding.evidence.append(
          "  \(instance): first success \(Seconds.precise(delay)) after back: \(success.evidenceLine)")
        if delay > within {
          finding.problems.append("\(instance) took \(Seconds.precise(delay)) after \(window.description)")
        }
      }
    }
    return finding
  }
}

extension RecoveryChecker {
  /// In a run held only in part: the lines of trouble with the service in each outage window, the
  /// first success after each (what ``examineLogs`` picks), and the link events of the service.
  public func interest(in journal: RunJournal) -> StreamInterest? {
    let kind = journal.scenario.serviceKind(service) ?? service
    let windows = journal.outages(of: service).compactMap { step in
      step.startedAt.flatMap { start in step.endedAt.map { (start: start, back: $0) } }
    }
    let service = service
    let within = within
    /// "window instance": a trouble kept, not yet followed by a success kept.
    var noticed: Set<String> = []
    return StreamInterest(
      line: { event in
        var keep = false
        for (index, window) in windows.enumerated() {
          let key = "\(index) \(event.instance)"
          if event.time >= window.back, noticed.contains(key), EventQueries.isSuccess(event, kind: kind) {
            noticed.remove(key)
            keep = true
          }
          if event.time >= window.start, event.time <= window.back + within,
            EventQueries.isFailure(event, kind: kind)
          {
            noticed.insert(key)
            keep = true
          }
        }
        return keep
      },
      link: { $0.service == service || $0.proxy == service })
  }
}
