import ArgumentParser
import Foundation
import Harness
import ProcessLifecycle
import Scenario

/// `chaos report JOURNAL.json --out FILE.html`: the HTML timeline report of a run saved with `--json`
/// (or of its event stream). `--judge` decides the expectations again from the records read back
/// and sets each beside the verdict recorded by the run.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render the HTML timeline report of a run saved with `chaos run --json`.")

  @Argument(help: "A journal written by `chaos run --json FILE`.")
  var journal: String

  @Option(name: .shortAndLong, help: "The HTML file to write.")
  var out: String?

  @Flag(
    help: ArgumentHelp(
      "Decide every expectation again from the records read back (the scenario file is read from the path the run named) and print it beside the recorded verdict; exit 1 when one differs."
    ))
  var judge = false

  func validate() throws {
    if out == nil && !judge { throw ValidationError("give --out FILE.html, --judge, or both") }
  }

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
    if let out, !HTMLReportFile.write(outcomes, to: out) { throw ExitCode(2) }
    if judge {
      var differs = false
      for entry in document.scenarios { differs = try Self.judge(entry) || differs }
      if differs { throw ExitCode(1) }
    }
  }

  /// Prints each expectation of `entry` decided again beside its recorded verdict; true when one differs.
  private static func judge(_ entry: JournalFile.Entry) throws -> Bool {
    let file = entry.journal.scenario.file
    let model: ScenarioModel
    do {
      model = try ScenarioParser.parse(contentsOf: file)
    } catch {
      StandardStream.error.write(
        "✘ cannot read \(file) to judge \(entry.journal.scenario.name) again: \(error)\n")
      throw ExitCode(2)
    }
    let again = ExpectationEvaluator.evaluate(model.expectations, in: entry.journal)
    let recorded = entry.journal.results
    print(
      "\(entry.journal.scenario.name): \(again.count) expectations judged again from the records read back")
    var differs = again.count != recorded.count
    for (index, result) in again.enumerated() {
      let before = index < recorded.count ? recorded[index] : nil
      let same = before?.outcome == result.outcome && before?.summary == result.summary
      differs = differs || !same
      print(
        "  \(same ? "same" : "DIFFERS") \(result.outcome.rawValue): \(result.expectation) — \(result.summary)"
      )
      if !same, let before {
        print("    recorded \(before.outcome.rawValue): \(before.summary)")
      }
    }
    return differs
  }
}
