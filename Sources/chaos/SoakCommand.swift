import ArgumentParser
import Foundation
import Harness
import ProcessLifecycle
import Scenario

/// `chaos soak FILE --duration 30m [--seed N] [--report F.html] [--json F]`.
struct SoakCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "soak",
    abstract: "Run a scenario with a `soak:` section for a long time, with faults drawn from a seed.",
    discussion:
      "The faults of `soak:` happen at random intervals drawn from the seed (printed at the start and in the "
      + "report: rerun with --seed N to replay the same schedule). The invariants are checked every "
      + "`check_every`; RSS, open fds and threads of every worker and of chaos are sampled. Exit status: 0 "
      + "passed, 1 an expectation or check failed or a resource grew more than `max_growth` (a leak), 2 the "
      + "file is invalid, the soak could not run, or Ctrl-C ended it early (a report of what ran is still written)."
  )

  @Argument(help: "A scenario file with a `soak:` section.")
  var file: String

  @Option(help: "How long the workload and the faults run: 90s, 10m, 30m.")
  var duration: String

  @Option(help: "Seed for the fault schedule and the workload (default: a random one, printed).")
  var seed: UInt64?

  @Option(help: "Write the HTML timeline report (with the checks and resource charts).")
  var report: String?

  @Option(help: "Write the run's journal as JSON (as `chaos run --json`).")
  var json: String?

  @Flag(help: "Keep the temp dir (service data and logs) and print where it is.")
  var keep = false

  @Option(help: "The chaos-worker executable (default: next to chaos).")
  var workerBinary: String?

  func validate() throws {
    guard let seconds = DurationText.seconds(duration), seconds > 0 else {
      throw ValidationError("--duration must be a duration like 90s or 10m, found '\(duration)'")
    }
    if seconds > DurationText.maximumSeconds {
      throw ValidationError("--duration may be at most 24h (1440m)")
    }
  }

  func run() throws {
    let model: ScenarioModel
    do {
      model = try ScenarioParser.parse(contentsOf: file)
    } catch {
      StandardStream.error.write("\(error)\n")
      throw ExitCode(2)
    }
    guard model.soak != nil else {
      StandardStream.error.write(
        "\(file): no 'soak:' section; `chaos soak` needs one (see docs/soak.md), `chaos run` runs the rest\n"
      )
      throw ExitCode(2)
    }
    OrphanedTempDirectories.remove()
    let interrupt = StopFlag()
    RunSignals.trap(interrupt)
    let console = Console.standardOutput { interrupt.set("closed standard output") }
    // Proxies: the same factory as `chaos run` once ChaosProxy's engine is wired in (RunCommand.swift).
    var options = RunOptions(
      keep: keep, workerBinary: workerBinary,
      faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) }, interrupt: interrupt,
      console: console)
    options.eventStreamPrefix = json.map { ($0 as NSString).deletingPathExtension }
    options.retainedEvents = SoakRunner.retainedEvents
    let outcome = SoakRunner.run(
      model, duration: DurationText.seconds(duration) ?? 0,
      seed: seed ?? UInt64.random(in: 1...UInt64(UInt32.max)),
      options: options)
    for line in SoakReport.summary(outcome) { console.line(line) }
    var failedWrite = false
    if let report {
      failedWrite = !HTMLReportFile.write(SoakReport.html(outcome), to: report, console: console)
    }
    if let json {
      do {
        try JournalFile.encode([outcome.run]).write(to: URL(fileURLWithPath: json))
      } catch {
        StandardStream.error.write("✘ could not write \(json): \(error)\n")
        failedWrite = true
      }
    }
    throw ExitCode(failedWrite ? 2 : outcome.exitCode)
  }
}
