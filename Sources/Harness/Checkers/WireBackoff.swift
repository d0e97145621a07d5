import Scenario

/// The proxy as a witness of `backoff:`: the connection attempts each worker process made to the
/// proxies in front of the service during each outage window (accepted links and attempts refused
/// during a cut, up to and including the first attempt whose upstream connect succeeded after the
/// service was back, and never past the start of the service's next outage: in a soak a process
/// whose link came back just before the step's end was recorded would otherwise run into the next
/// outage's attempts, 30 s later), and the gaps between them. Attempt k + 1 should come `schedule.delay(k + 1)`
/// after attempt k (the first attempt in the window is attempt 1), within the tolerance plus
/// ``slack`` (the failed attempt's own round trip and scheduling). Needs nothing from the worker.
///
/// A gap that is too long by no more than the process waited for a CPU in between (one thread's
/// run-queue wait, ``RunQueueWait``, sampled at each attempt) is not judged: the machine was too
/// busy to run the worker when its timer fired, so the gap says nothing about the schedule. It is
/// listed as not judged, never counted as held; a gap too short is always judged.
struct WireBackoff {
  /// Seconds added to the tolerance for the time a failed attempt itself takes.
  static let slack = 0.05

  struct Finding {
    var problems: [String] = []
    var evidence: [String] = []
    /// Processes with at least two attempts in a window (whose gaps were judged).
    var judgedProcesses: Set<String> = []
    var judged: Int { judgedProcesses.count }
    var attempts = 0
    var witnessed = false
    /// Gaps too long by what the process waited for a CPU: not judged (one line each).
    var unjudged: [String] = []
  }

  var service: String
  var tolerance: Double

  func examine(_ journal: RunJournal, windows: [StepRecord], schedule: (String) -> BackoffSchedule)
    -> Finding
  {
    var finding = Finding()
    let records = journal.links(of: service)
    guard !records.isEmpty else { return finding }
    finding.witnessed = true
    for window in windows {
      guard let start = window.startedAt else { continue }
      let back = window.endedAt ?? .infinity
      let next = windows.compactMap(\.startedAt).filter { $0 > start }.min() ?? .infinity
      let byProcess = Dictionary(
        grouping: records.filter { $0.time >= start && $0.time < next }, by: \.process)
      for process in byProcess.keys.sorted() {
        let mine = byProcess[process] ?? []
        var attempts: [LinkRecord] = []
        for record in mine where record.isAttempt {
          let connected = mine.contains {
            $0.kind == "connected" && $0.proxy == record.proxy && $0.link == record.link
          }
          if record.time > back && attempts.isEmpty { break }
          attempts.append(record)
          // The outage is over for this process: its link came back (after the service did, or
          // after a failed attempt, when the service answered before the step's end was recorded).
          if connected && (record.time >= back || attempts.count >= 2) { break }
        }
        guard attempts.count >= 2 else {
          if !attempts.isEmpty {
            finding.evidence.append("  wire \(process): 1 attempt in \(window.description), no gap to judge")
          }
          continue
        }
        finding.judgedProcesses.insert(process)
        finding.attempts += attempts.count
        let plan = schedule(mine.first?.instance ?? "")
        var gaps: [String] = []
        var expected: [String] = []
        var mismatches: [String] = []
        for index in 1..<attempts.count {
          let gap = attempts[index].time - attempts[index - 1].time
          let want = plan.delay(index + 1)
          gaps.append(Self.format(gap))
          expected.append(Self.format(want))
          let allowance = tolerance * want + Self.slack
          if abs(gap - want) > allowance {
            if gap > want,
              let waited = RunQueueWait.longest(
                from: attempts[index - 1].runQueueWait, to: attempts[index].runQueueWait),
              gap - waited <= want + allowance
            {
              finding.unjudged.append(
                "wire: \(process) attempt \(index + 1) came \(Self.format(gap)) s after attempt \(index), expected \(Self.format(want)) s: "
                  + "not judged, the process waited \(Self.format(waited)) s for a CPU in between (run queue)"
              )
              continue
            }
            mismatches.append(
              "wire: \(process) attempt \(index + 1) came \(Self.format(gap)) s after attempt \(index), expected \(Self.format(want)) s"
            )
          }
        }
        if let first = mismatches.first {
          finding.problems.append(
            first + (mismatches.count > 1 ? " (and \(mismatches.count - 1) more gaps off the schedule)" : ""))
        }
        finding.evidence.append(
          "  wire \(process): \(attempts.count) attempts in \(window.description), gaps \(gaps.joined(separator: ", ")) s; "
            + "expected \(expected.joined(separator: ", ")) s (\(plan.description))")
      }
    }
    return finding
  }

  static func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
