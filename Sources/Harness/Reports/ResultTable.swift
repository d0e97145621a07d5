/// The end-of-run table: one row per expectation with ✔/✘, its summary and its evidence.
public enum ResultTable {
  public static func render(_ results: [ExpectationResult], passedEvidence: Int = 4) -> [String] {
    let width = min(44, results.map(\.expectation.count).max() ?? 0)
    var lines: [String] = []
    for result in results {
      let mark = result.passed ? "✔" : result.unknown == true ? "?" : "✘"
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
      if !result.passed { lines.append("     (\(result.location))") }
    }
    return lines
  }
}
