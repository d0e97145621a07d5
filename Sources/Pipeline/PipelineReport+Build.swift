import LogVocabulary

extension PipelineReport {
  /// Builds the report from what is stored.
  /// - Parameters:
  ///   - expected: how many documents the caller fed (`--expect N`); ids missing from `fedIds` count as lost.
  ///   - fedIds: the ids in the `fed` set.
  ///   - phases: phase of every job hash found, by id.
  ///   - completions: completions applied, by id.
  ///   - queues: messages left, by queue.
  public static func build(
    expected: Int, fedIds: Set<String>, phases: [String: String], completions: [String: Int],
    queues: [String: Int]
  ) -> PipelineReport {
    var done = 0
    var stuck: [String: Int] = [:]
    var lost = max(0, expected - fedIds.count)
    // Documents never in the `fed` set: the first ids the workload would have used (doc-000001 …).
    var lostIds = Array(
      (0..<expected).lazy.map { DocumentID.make($0 + 1) }.filter { !fedIds.contains($0) }.prefix(lost))
    var examples: [String: [String]] = [:]
    func note(_ kind: String, _ id: String) {
      if examples[kind, default: []].count < 20 { examples[kind, default: []].append(id) }
    }
    for id in fedIds.sorted() {
      let completed = completions[id] ?? 0
      if let phase = phases[id] {
        if phase == JobPhase.done.rawValue && completed >= 1 {
          done += 1
        } else {
          stuck[phase, default: 0] += 1
          note("stuck", id)
        }
      } else {
        lost += 1
        lostIds.append(id)
        note("lost", id)
      }
    }
    let duplicated = completions.filter { $0.value > 1 }.keys.sorted()
    for id in duplicated { note("duplicates", id) }
    var report = PipelineReport(
      fed: max(expected, fedIds.count), done: done, stuck: stuck, lost: lost, duplicates: duplicated.count,
      queues: queues, examples: examples)
    report.lostIds = lostIds
    report.duplicateIds = duplicated
    return report
  }
}
