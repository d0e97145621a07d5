import ArgumentParser
import Harness
import Scenario

/// `chaos validate FILE...`: checks scenario files without running them. Exit 0 when all are
/// valid, 2 otherwise.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check scenario files (.scn) and print every error with file:line:column.",
    discussion:
      "A directory validates every .scn file in it (not recursive). Exit status 0 when all are valid, 2 otherwise."
  )

  @Argument(help: "Scenario files or directories of them.")
  var paths: [String]

  func validate() throws {
    if paths.isEmpty { throw ValidationError("expected at least one scenario file or directory") }
  }

  func run() throws {
    try ScenarioFileReport.validate(
      paths: paths, expectationKinds: Checkers.kinds, runProblems: { RunRefusals.problems($0) }
    ).emit()
  }
}
