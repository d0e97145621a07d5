import ArgumentParser
import Foundation
import Harness
import ProcessLifecycle

/// `chaos report JOURNAL.json --out FILE.html`: the HTML timeline report of a run saved with `--json`.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render the HTML timeline report of a run saved with `chaos run --json`.")

  @Argument(help: "A journal written by `chaos run --json FILE`.")
  var journal: String

  @Option(name: .shortAndLong, help: "The HTML file to write.")
  var out: String

  func run() throws {
    let document: JournalFile.Document
    do {
      document = try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: journal)))
    } catch {
      StandardStream.error.write("✘ \(journal) is not a chaos journal: \(error)\n")
      throw ExitCode(2)
    }
    let outcomes = document.scenarios.map { entry in
      RunOutcome(status: RunOutcome.Status(entry.status), journal: entry.journal, wallTime: entry.wallTime)
    }
    if !HTMLReportFile.write(outcomes, to: out) { throw ExitCode(2) }
  }
}
