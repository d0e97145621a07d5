import Foundation
import LocalServices
import ProcessLifecycle
import Scenario

/// `chaos run PATH...`: every `.scn` file named, or found (sorted) in a named directory, each on a
/// fresh stack, one after the other; then the summary and the `--junit` / `--json` files. A path
/// that names nothing is reported as a scenario that could not run (exit 2); the others still run.
///
/// With more than one file, the scenarios that can (``SharedBroker/canServe(_:in:)``) share one
/// RabbitMQ node, booted at the first of them and stopped at the end (also on Ctrl-C), and each
/// scenario gets its own key prefix `<name>-<n>:` (Redis keys, exchange and queues). The last lines
/// are the suite's wall time beside its scenarios' timelines (``SuiteTiming``) and
/// `suite: N passed, M failed`.
///
/// With `jobs` > 1 (`chaos run -j N`) up to `jobs` scenarios run at the same time, each as apart as
/// when they run one by one (its own ports, temp dir, key prefix, proxies and services, or the
/// shared node): a scenario's lines are printed as one block when it ends (``ScenarioBlock``),
/// its progress lines as they come; outcomes, JUnit and JSON keep the suite's order.
public enum SuiteRunner {
  /// `-j` when not given: one scenario per core.
  public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// The outcomes of a suite and its exit status: 2 if a scenario could not run, else 1 if an
  /// expectation failed, else 0.
  public struct Outcome: Sendable {
    public var outcomes: [RunOutcome]
    /// Wall time, timelines and RabbitMQ nodes booted.
    public var timing: SuiteTiming?
    /// Why `--junit` or `--json` could not be written (exit 2).
    public var reportError: String?

    public var exitCode: Int32 { reportError != nil ? 2 : outcomes.map(\.exitCode).max() ?? 0 }
  }

  /// The scenario files `paths` name (directories expanded, sorted) and the paths that name
  /// nothing; with a shard, only that shard's files (``SuiteShard``), and the problems only in
  /// shard 1 (so that a merged JUnit has each once).
  public static func files(
    _ paths: [String], shard: SuiteShard? = nil, timings: ScenarioTimings = ScenarioTimings()
  ) -> (files: [String], problems: [String]) {
    let (files, problems) = ScenarioFiles.expand(paths)
    guard let shard else { return (files, problems) }
    return (shard.files(of: files, timings: timings), shard.index == 1 ? problems : [])
  }

  /// Loads and runs each file (of `shard` only, when given); a file that does not load is a
  /// scenario that could not run (exit 2). Stops early (the remaining files are not started)
  /// once the interrupt flag is set.
  public static func run(
    paths: [String], options: RunOptions, jobs: Int = 1, junit: String? = nil, json: String? = nil,
    shard: SuiteShard? = nil, timings: ScenarioTimings = ScenarioTimings(),
    load: (String) throws -> ScenarioModel
  ) -> Outcome {
    let wall = RunClock()
    let console = options.console
    var outcomes: [RunOutcome] = []
    let (files, problems) = Self.files(paths, shard: shard, timings: timings)
    if let shard { console.line("shard \(shard): \(files.count) scenarios") }
    for problem in problems {
      console.line("✘ \(problem)")
      outcomes.append(unloadable(String(problem.prefix { $0 != ":" }), reason: problem))
    }
    let broker = files.count > 1 ? (options.sharedBroker ?? SharedBroker()) : options.sharedBroker
    var prebooted = 0
    if jobs > 1, files.count > 1 {
      let (ran, privateBrokers) = runAtOnce(files, jobs: jobs, options: options, broker: broker, load: load)
      outcomes += ran
      prebooted = privateBrokers?.boots ?? 0
    } else {
      outcomes += runOneByOne(files, options: options, broker: broker, load: load)
    }
    let boots = broker?.boots ?? 0
    if boots > 0 { console.line("stopping the suite's shared RabbitMQ node…") }
    if let kept = broker?.shutdown(keep: options.keep) {
      console.line("kept the shared RabbitMQ node's directory \(kept)")
    }
    return finish(
      Outcome(outcomes: outcomes), wall: wall, nodes: (boots, prebooted), console: console, junit: junit,
      json: json)
  }

  /// Runs the scenarios one after the other, loading each just before it runs.
  private static func runOneByOne(
    _ files: [String], options: RunOptions, broker: SharedBroker?, load: (String) throws -> ScenarioModel
  ) -> [RunOutcome] {
    let console = options.console
    var outcomes: [RunOutcome] = []
    for (index, file) in files.enumerated() {
      if options.interrupt.reason != nil { break }
      do {
        let model = try load(file)
        let scenarioOptions = options.forSuite(
          scenario: model, at: index, of: files.count, broker: broker, console: console)
        outcomes.append(ScenarioRunner.run(model, options: scenarioOptions))
      } catch {
        console.line("✘ \(file): \(error)")
        outcomes.append(unloadable(file, reason: "\(error)"))
      }
    }
    return outcomes
  }

  /// Loads every file, then runs the scenarios on `jobs` lanes, each taking the next waiting one.
  /// With a shared node, the private nodes the scenarios need are booted ahead
  /// (``PrivateBrokerPool``); those not used are stopped, and those used waited for, before this
  /// returns.
  private static func runAtOnce(
    _ files: [String], jobs: Int, options: RunOptions, broker: SharedBroker?,
    load: (String) throws -> ScenarioModel
  ) -> ([RunOutcome], PrivateBrokerPool?) {
    let console = options.console
    let queue = ScenarioQueue(count: files.count, bootsAhead: broker != nil)
    for (index, file) in files.enumerated() {
      do {
        queue.enqueue(try load(file), at: index)
      } catch {
        console.line("✘ \(file): \(error)")
        queue.record(unloadable(file, reason: "\(error)"), at: index)
      }
    }
    let lanes = min(jobs, queue.count)
    // The shared node first: both lanes wait for it at the start; the private nodes are needed later.
    var bootSharedFirst: (@Sendable () -> Void)?
    if let broker, queue.sharedNodeUsers > 0 { bootSharedFirst = { _ = try? broker.acquire() } }
    let privateBrokers =
      broker == nil
      ? nil
      : PrivateBrokerPool(
        demand: queue.privateNodes, ahead: lanes, keep: options.keep, beforeFirstBoot: bootSharedFirst)
    privateBrokers?.start()
    console.line("running \(queue.count) scenarios, \(lanes) at a time")
    InParallel.run(lanes) { _ in
      while options.interrupt.reason == nil,
        let (index, model) = queue.next(privateNodesReady: privateBrokers?.readyCount ?? 0)
      {
        let block = ScenarioBlock(name: model.name, suite: console)
        console.line("▷ \(model.name) started")
        let scenarioOptions = options.forSuite(
          scenario: model, at: index, of: files.count, broker: broker, privateBrokers: privateBrokers,
          console: block.console)
        let outcome = ScenarioRunner.run(model, options: scenarioOptions)
        block.flush()
        queue.record(outcome, at: index)
      }
    }
    if let privateBrokers {
      if privateBrokers.boots > privateBrokers.adopted {
        console.line("stopping the RabbitMQ nodes booted ahead and not used…")
      }
      privateBrokers.shutdown()
    }
    return (queue.recorded, privateBrokers)
  }

  /// Evidence lines repeated under a failed expectation in the summary.
  static let evidenceInSummary = 8

  private static func unloadable(_ file: String, reason: String) -> RunOutcome {
    let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    var journal = RunJournal(scenario: ScenarioSummary(ScenarioModel(file: file, name: name)))
    journal.errors = [reason]
    return RunOutcome(status: .couldNotRun(reason), journal: journal, wallTime: 0)
  }

  private static func finish(
    _ outcome: Outcome, wall: RunClock, nodes: (shared: Int, prebooted: Int), console: Console,
    junit: String?, json: String?
  ) -> Outcome {
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
        // What failed, under its scenario: the tail of a CI log is often all there is to read.
        for result in results where !result.passed {
          console.line("      ✘ \(result.expectation): \(result.summary)")
          for line in result.evidence.prefix(Self.evidenceInSummary) { console.line("        \(line)") }
          if result.evidence.count > Self.evidenceInSummary {
            console.line(
              "        … \(result.evidence.count - Self.evidenceInSummary) more lines in the report")
          }
        }
      }
      let passed = outcome.outcomes.filter { $0.status == .passed }.count
      console.line("\(passed) of \(outcome.outcomes.count) scenarios passed")
    }
    let timing = SuiteTiming(
      wallTime: wall.now(), outcomes: outcome.outcomes, sharedBrokerBoots: nodes.shared,
      prebootedNodes: nodes.prebooted)
    outcome.timing = timing
    do {
      if let junit {
        try JUnitReport.render(outcome.outcomes, suite: timing).write(
          toFile: junit, atomically: true, encoding: .utf8)
      }
      if let json {
        try JournalFile.encode(outcome.outcomes, suite: timing).write(to: URL(fileURLWithPath: json))
      }
    } catch {
      console.line("✘ could not write a report: \(error)")
      outcome.reportError = "\(error)"
    }
    for line in timing.lines(scenarios: outcome.outcomes.count) { console.line(line) }
    let passed = outcome.outcomes.filter { $0.status == .passed }.count
    console.line("suite: \(passed) passed, \(outcome.outcomes.count - passed) failed")
    return outcome
  }
}
