import ArgumentParser
import Foundation
import Harness
import LocalServices
import ProcessLifecycle
import Scenario

/// `chaos run PATH... [-j N] [--junit F] [--json F] [--keep] [--worker-binary PATH]
/// [--shard I/N] [--timings F] [--list]`.
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

  @Option(
    help: ArgumentHelp(
      "Run only shard I of N (1-based): a stable share of the scenarios, balanced by --timings.",
      valueName: "I/N"))
  var shard: String?

  @Option(
    help: ArgumentHelp(
      "A timing file: read to balance --shard; without --shard, updated with the wall time of each scenario run.",
      valueName: "F"))
  var timings: String?

  @Flag(help: "Print the scenario files that would run (of the shard, with --shard) and exit.")
  var list = false

  func validate() throws {
    if jobs < 1 { throw ValidationError("-j must be at least 1, found \(jobs)") }
    if let shard {
      do { _ = try SuiteShard(parsing: shard) } catch { throw ValidationError("\(error)") }
    }
  }

  func run() throws {
    let suiteShard = try shard.map { try SuiteShard(parsing: $0) }
    var recordedTimings = ScenarioTimings()
    if let timings {
      do {
        recordedTimings = try ScenarioTimings.read(timings)
      } catch {
        StandardStream.error.write("✘ \(error)\n")
        throw ExitCode(2)
      }
    }
    if list {
      let (files, problems) = SuiteRunner.files(paths, shard: suiteShard, timings: recordedTimings)
      for problem in problems { StandardStream.error.write("✘ \(problem)\n") }
      for file in files { print(file) }
      throw ExitCode(problems.isEmpty ? 0 : 2)
    }
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
    let outcome = SuiteRunner.run(
      paths: paths, options: options, jobs: jobs, junit: junit, json: json, shard: suiteShard,
      timings: recordedTimings
    ) { path in
      try ScenarioParser.parse(contentsOf: path)
    }
    if let report, !HTMLReportFile.write(outcome.outcomes, to: report) { throw ExitCode(2) }
    // A shard only reads the file: were it to write, the next shard run from the same file would
    // see other timings and split the suite differently.
    if let timings, suiteShard == nil {
      for run in outcome.outcomes where run.exitCode < 2 {
        recordedTimings.record(run.wallTime, for: run.journal.scenario.file)
      }
      do {
        try recordedTimings.write(to: timings)
      } catch {
        StandardStream.error.write("✘ \(timings): the timing file cannot be written: \(error)\n")
        throw ExitCode(2)
      }
    }
    throw ExitCode(outcome.exitCode)
  }
}
