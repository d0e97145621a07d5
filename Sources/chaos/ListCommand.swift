import ArgumentParser
import Harness
import Scenario

/// `chaos list DIR...`: the name and `about` of each scenario.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Show the name and description of each scenario in the given directories or files.")

  @Argument(help: "Directories of scenario files (.scn), or files.")
  var paths: [String]

  func validate() throws {
    if paths.isEmpty { throw ValidationError("expected at least one directory or scenario file") }
  }

  func run() throws {
    try ScenarioFileReport.list(paths: paths, expectationKinds: Checkers.kinds).emit()
  }
}
