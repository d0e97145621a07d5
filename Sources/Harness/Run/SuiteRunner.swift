import Foundation
import LocalServices
import Scenario

/// `chaos run PATH...`: every `.scn` file named, or found (sorted) in a named directory, each on a
/// fresh stack, one after the other; then the summary and the `--junit` / `--json` files. A path
/// that names nothing is reported as a scenario that could not run (exit 2); the others still run.
public enum SuiteRunner {
  /// The outcomes of a suite and its exit status: 2 if a scenario could not run, else 1 if an
  /// expectation failed, else 0.
  public struct Outcome: Sendable {
    public var outcomes: [RunOutcome]
    /// Why `--junit` or `--json` could not be written (exit 2).
    public var reportError: String?

    public var exitCode: Int32 { reportError != nil ? 2 : outcomes.map(\.exitCode).max() ?? 0 }
  }

  /// Loads and runs each file; a file that does not load is a scenario that could not run (exit 2).
  /// Stops early (the remaining files are not started) once the interrupt flag is set.
  public static func run(
    paths: [String], options: RunOptions, junit: String? = nil, json: String? = nil,
    load: (String) throws -> ScenarioModel
  ) -> Outcome {
    let console = options.console
    var outcomes: [RunOutcome] = []
    let (files, problems) = ScenarioFiles.expand(paths)
    for problem in problems {
      console.line("✘ \(problem)")
      outcomes.append(unloadable(String(problem.prefix { $0 != ":" }), reason: problem))
    }
    for file in files {
      if options.interrupt.interruption != nil { break }
      do {
        let model = try load(file)
        outcomes.append(ScenarioRunner.run(model, options: options))
      } catch {
        console.line("✘ \(file): \(error)")
        outcomes.append(unloadable(file, reason: "\(error)"))
      }
    }
    return finish(Outcome(outcomes: outcomes), console: console, junit: junit, json: json)
  }

  private static func unloadable(_ file: String, reason: String) -> RunOutcome {
    let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    var journal = RunJournal(scenario: ScenarioSummary(ScenarioModel(file: file, name: name)))
    journal.errors = [reason]
    return RunOutcome(status: .couldNotRun(reason), journal: journal, wallTime: 0)
  }

  private static func finish(_ outcome: Outcome, console: Console, junit: String?, json: String?) -> Outcome {
    var outcome = outcome
    let stragglers = ChildRegistry.shared.running
    if !stragglers.isEmpty {
      console.line(
        "✘ stopping \(stragglers.count) child processes left running: "
          + stragglers.map(\.name).joined(separator: ", "))
      ChildRegistry.shared.terminateAll(grace: 2)
    }
    if outcome.outcomes.count > 1 {
      console.line("")
      console.line("Summary:")
      for run in outcome.outcomes {
        let results = run.journal.results
        let text: String
        switch run.status {
        case .passed: text = "✔ \(run.journal.scenario.name): \(results.count) held"
        case .failed:
          text =
            "✘ \(run.journal.scenario.name): \(results.filter { !$0.passed }.count) of \(results.count) failed"
        case .couldNotRun(let reason):
          text = "✘ \(run.journal.scenario.name): could not run: \(reason.split(separator: "\n").first ?? "")"
        }
        console.line("  \(text) (\(Seconds.precise(run.wallTime)))")
      }
      let passed = outcome.outcomes.filter { $0.status == .passed }.count
      console.line("\(passed) of \(outcome.outcomes.count) scenarios passed")
    }
    do {
      if let junit {
        try JUnitReport.render(outcome.outcomes).write(toFile: junit, atomically: true, encoding: .utf8)
      }
      if let json {
        try JournalFile.encode(outcome.outcomes).write(to: URL(fileURLWithPath: json))
      }
    } catch {
      console.line("✘ could not write a report: \(error)")
      outcome.reportError = "\(error)"
    }
    return outcome
  }
}
