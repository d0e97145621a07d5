/// The end-of-run table: one row per expectation with ✔/✘/? (held, failed, unknown), its summary
/// (for unknown, the reason), the witness it rests on and its evidence.
public enum ResultTable {
  public static func render(_ results: [ExpectationResult], passedEvidence: Int = 4) -> [String] {
    let width = min(44, results.map(\.expectation.count).max() ?? 0)
    var lines: [String] = []
    for result in results {
      let mark = result.outcome.mark
      let name =
        result.expectation.count >= width
        ? result.expectation
        : result.expectation + String(repeating: " ", count: width - result.expectation.count)
      lines.append(" \(mark) \(name)  \(result.summary)")
      let evidence = result.passed ? Array(result.evidence.prefix(passedEvidence)) : result.evidence
      for entry in evidence {
        for (index, line) in entry.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          lines.append((index == 0 ? "     " : "       ") + line)
        }
      }
      if !result.passed {
        if let witness = result.witness { lines.append("     witness: \(witness)") }
        lines.append("     (\(result.location))")
      }
    }
    return lines
  }
}
