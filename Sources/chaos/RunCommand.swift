import ArgumentParser
import Foundation
import Harness
import LocalServices
import ProcessLifecycle
import Scenario

/// `chaos run PATH... [-j N] [--junit F] [--json F] [--keep] [--worker-binary PATH]`.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run scenario files (or every .scn in a directory), each on a fresh stack.",
    discussion:
      "Exit status: 0 every expectation held, 1 an expectation failed, 2 a scenario is invalid or could not be run. "
      + "Ctrl-C stops everything the run started and removes its temp dir.")

  @Argument(help: "Scenario files (.scn) or directories of them.")
  var paths: [String]

  @Option(
    name: [.customShort("j"), .long],
    help: ArgumentHelp(
      "How many scenarios run at the same time (default: one per core).", valueName: "N"))
  var jobs: Int = SuiteRunner.defaultJobs

  @Option(help: "Write a JUnit XML report (a testsuite per scenario, a testcase per expectation).")
  var junit: String?

  @Option(help: "Write the whole journal (timeline as run, every event, every result) as JSON.")
  var json: String?

  @Option(help: "Write an HTML timeline report (self-contained: fault windows, reconnections, throughput).")
  var report: String?

  @Flag(help: "Keep the temp dir (service data and logs) and print where it is.")
  var keep = false

  @Option(help: "The chaos-worker executable (default: next to chaos).")
  var workerBinary: String?

  func validate() throws {
    if jobs < 1 { throw ValidationError("-j must be at least 1, found \(jobs)") }
  }

  func run() throws {
    RunContainment.start()
    defer { RunContainment.finish() }
    OrphanedTempDirectories.remove()
    let interrupt = StopFlag()
    RunSignals.trap(interrupt)
    var options = RunOptions(
      keep: keep, workerBinary: workerBinary,
      faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) }, interrupt: interrupt,
      console: .standardOutput { interrupt.set("closed standard output") })
    options.eventStreamPrefix = json.map { ($0 as NSString).deletingPathExtension }
    let outcome = SuiteRunner.run(paths: paths, options: options, jobs: jobs, junit: junit, json: json) {
      path in
      try ScenarioParser.parse(contentsOf: path)
    }
    if let report, !HTMLReportFile.write(outcome.outcomes, to: report) { throw ExitCode(2) }
    throw ExitCode(outcome.exitCode)
  }
}
