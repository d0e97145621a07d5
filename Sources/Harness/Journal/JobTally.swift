import LogVocabulary

/// The `job.done` lines folded into what `jobs`, `duplicates` and the soak's checks ask: when each
/// job was first logged done, and the jobs completed more than once. Bounded by the workload's
/// jobs, not by its log lines; kept up to date as lines arrive (``EventJournal``) or folded from a
/// recorded journal.
public struct JobTally: Sendable, Equatable, Codable {
  /// Job → time of its first `job.done` (any, also one with `duplicate: true`: a completion whose
  /// reply was lost is only ever logged that way).
  public var firstDone: [String: Double] = [:]
  /// Job → how many `job.done` lines without `duplicate: true` it has.
  public var completions: [String: Int] = [:]
  /// Job → evidence lines of its second and later such completions.
  public var repeats: [String: [String]] = [:]
  /// `job.done` lines with `duplicate: true` (a redelivery recognised as done).
  public var recognised = 0

  public init() {}

  public init(_ events: [WorkerEvent]) {
    for event in events { add(event) }
  }

  public mutating func add(_ event: WorkerEvent) {
    guard event.message == LogEvent.jobDone else { return }
    let job = event["job"]?.stringValue
    if let job, firstDone[job] == nil { firstDone[job] = event.time }
    if event["duplicate"]?.boolValue == true {
      recognised += 1
    } else if let job {
      completions[job, default: 0] += 1
      if completions[job, default: 0] > 1 { repeats[job, default: []].append(event.evidenceLine) }
    }
  }

  /// Jobs with more than one completion, by job: when it was first done, then the later lines.
  public var doubled: [(job: String, lines: [String])] {
    repeats.sorted { $0.key < $1.key }.map { job, lines in
      (job, ["\(job) first logged done at \(Seconds.format(firstDone[job] ?? 0, width: 0))"] + lines)
    }
  }
}
