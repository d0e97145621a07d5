import Foundation
import LogVocabulary
import Pipeline

/// `chaos-worker check --verdict`: the pipeline checker as one implementation of the check-command
/// contract — one JSON object with `expected`, `done`, `lost` and `duplicates` (ids), and the whole
/// ``PipelineReport`` under `pipeline` for the harness's queue and soak figures.
enum VerdictLine {
  struct Verdict: Encodable {
    var expected: Int
    var done: Int
    var lost: [String]
    var duplicates: [String]
    var pipeline: PipelineReport
  }

  static func text(expected: Int, report: PipelineReport) throws -> String {
    let verdict = Verdict(
      expected: expected, done: report.done, lost: report.lostIds ?? [],
      duplicates: report.duplicateIds ?? [],
      pipeline: report)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(verdict), as: UTF8.self)
  }
}
