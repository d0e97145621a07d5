import Harness
import Scenario

/// `exits: "<= 1"` (`from: scanner`): how many worker processes ended during the run, held to a
/// comparison. A kind that exists only in this test target, written as a new kind is (one file,
/// public API only) and registered the way ``Checkers/all`` registers the built-in ones: it proves
/// the seam (docs/harness.md, "Adding an expectation kind").
struct ExitCountChecker: Checker {
  static let key = "exits"
  static let parameters = ["from"]
  static let witness = "exits"
  static let needsEveryLine = false

  static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self? {
    guard let count = parser.countComparison(entry.claim.value, for: "exits") else { return nil }
    var checker = Self(count: count)
    if let from = entry.field("from") {
      guard let named = parser.declaredWorker(from.value, for: "from") else { return nil }
      checker.from = WorkerNaming.selector(named.worker, index: named.index)
    }
    return checker
  }

  var count: CountComparison
  var from: String?

  var description: String { "exits: \(count)" + (from.map { " from \($0)" } ?? "") }

  func evaluate(_ journal: RunJournal) -> Verdict {
    let exits = journal.exits.filter { from == nil || $0.role == from || $0.instance == from }
    let evidence = exits.map { "\($0.instance) (process \($0.generation)) exited with status \($0.status)" }
    let summary = "\(exits.count) worker exit\(exits.count == 1 ? "" : "s") (\(count))"
    return count.holds(exits.count) ? .pass(summary, evidence) : .fail(summary, evidence)
  }
}
