import Foundation
import LocalServices
import LogVocabulary
import ProcessLifecycle
import Scenario

/// Runs one scenario on a fresh stack and decides its expectations.
///
/// Order: check the scenario against this harness (→ exit 2), make a temp dir, start the services
/// (and wait until each answers), the proxies and the workers; wait for every worker's first line;
/// start the workload and the timeline together (time 0 of `at:`); wait until every job is done,
/// the workload is fed and the timeline is over — or the deadline (counted, like `at:`, from the
/// workload's start; boot is bounded by the services' own start timeouts),
/// or SIGINT/SIGTERM; settle; remove faults still in place; run the pipeline checker; stop the
/// workers (SIGTERM); decide every expectation from the journal; stop the proxies and the services
/// (and epmd); remove the temp dir unless `keep`. Teardown happens on every path.
public enum ScenarioRunner {
  public static func run(_ model: ScenarioModel, options: RunOptions = RunOptions()) -> RunOutcome {
    let wall = RunClock()
    let console = options.console
    let journal = EventJournal(scenario: ScenarioSummary(model), retainedEvents: options.retainedEvents)
    console.line("▶ \(model.name)" + (model.about.isEmpty ? "" : " — \(model.about)") + "  (\(model.file))")
    func finish(_ status: RunOutcome.Status, kept: String? = nil) -> RunOutcome {
      if case .couldNotRun(let reason) = status { journal.error(reason) }
      let outcome = RunOutcome(
        status: status, journal: journal.snapshot(), wallTime: wall.now(), keptDirectory: kept)
      journal.finishStream(outcome)
      report(outcome, console: console)
      return outcome
    }

    let problems = HarnessValidation.problems(model, hasProxyEngine: options.faultInjectorFactory != nil)
    if !problems.isEmpty { return finish(.couldNotRun(problems.joined(separator: "\n"))) }
    let needsWorkerBinary =
      model.workers.contains { $0.role != nil && $0.count > 0 } || model.workload.jobs > 0
      || model.workload.publish != nil
    let workerBinary: String?
    do {
      workerBinary = needsWorkerBinary ? try WorkerBinary.locate(override: options.workerBinary) : nil
    } catch {
      return finish(.couldNotRun(HarnessError.reason(of: error)))
    }
    if let workerBinary {
      let settings = WorkerSettingsCheck.problems(model, workerBinary: workerBinary)
      if !settings.isEmpty { return finish(.couldNotRun(settings.joined(separator: "\n"))) }
    }
    let directory: TemporaryDirectory
    do {
      directory = try TemporaryDirectory(prefix: "chaos-\(safeName(model.name))")
    } catch {
      return finish(.couldNotRun("cannot create a temp dir: \(error)"))
    }
    journal.update { $0.directory = directory.path }
    let streamPath =
      options.eventStreamPrefix.map { "\($0).\(safeName(model.name)).events.jsonl" }
      ?? "\(directory.path)/events.jsonl"
    if let file = try? EventStreamFile(path: streamPath) { journal.stream(to: file) }

    var injector: (any FaultInjector)?
    var failure: String?
    var supervisor: Supervisor?
    var phaseStart = wall.now()
    func phase(_ name: String) {
      let now = wall.now()
      let duration = now - phaseStart
      journal.update { $0.phases[name] = duration }
      phaseStart = now
    }

    do {
      injector = try options.faultInjectorFactory?(model)
      let running = Supervisor(
        scenario: model, journal: journal, directory: directory.path, workerBinary: workerBinary,
        faultInjector: injector, keyPrefix: options.keyPrefix, sharedBroker: options.sharedBroker,
        privateBrokers: options.privateBrokers)
      supervisor = running
      try running.startServices()
      let prebooted = journal.snapshot().prebootedServices ?? []
      for service in running.allServices {
        let shared =
          service is SharedRabbitMQService
          ? ", the suite's shared node" : prebooted.contains(service.name) ? ", booted ahead" : ""
        console.line("  \(service.name) (\(service.kind.rawValue)\(shared)) answers on \(service.address)")
      }
      try running.startProxies()
      try interrupted(options)
      try running.startWorkers()
      waitForWorkers(
        running, journal: journal, timeout: options.workerStartTimeout, interrupt: options.interrupt,
        console: console)
      try CommandReadiness.wait(
        for: model.workers, supervisor: running, journal: journal, timeout: options.commandReadyTimeout,
        interrupt: options.interrupt)
      try interrupted(options)
      phase("boot")
      let scraper =
        model.scrapesMetrics ? MetricsScraper(supervisor: running, proxy: injector, journal: journal) : nil
      scraper?.start()
      defer { scraper?.stop() }
      try drive(
        model, supervisor: running, injector: injector, journal: journal, options: options)
      phase("workload")
      try interrupted(options)
      if let check = model.check {
        console.line("  running the check: \(check.command.displayText)")
        let verdict = VerdictLoop.command(for: check, supervisor: running)
          .run(number: (journal.snapshot().verdict?.run ?? 0) + 1, journal: journal)
        journal.update { $0.record(verdict: verdict) }
        console.line("  verdict: \(verdict.summary)")
        phase("check")
      } else if let binary = workerBinary, model.workers.contains(where: { $0.role != nil }) {
        console.line("  checking the pipeline…")
        let checker = PipelineChecker(
          executable: binary, environment: running.workerEnvironment(role: .consumer, direct: true))
        let run = checker.run(expecting: model.workload.jobs, at: journal.now())
        journal.update {
          $0.checker = run
          $0.record(verdict: run.verdict(expected: model.workload.jobs))
        }
        phase("check")
      }
      running.recordTaps(workersStopped: false)
      scraper?.stop()
      running.stopWorkers()
      running.recordTaps(workersStopped: true)
      phase("stop workers")
    } catch is Interrupted {
      // Reported just below.
    } catch {
      failure = HarnessError.reason(of: error)
    }
    if let reason = options.interrupt.reason {
      journal.update { $0.interrupted = reason }
      failure = failure ?? "interrupted by \(reason)"
    }
    supervisor?.shutdown()
    if supervisor == nil { injector?.shutdown() }
    phase("teardown")
    // Judged before the temp dir goes: a soak's checkers may replay the event stream kept there.
    let results =
      failure == nil
      ? ExpectationEvaluator.evaluate(model.expectations, in: journal.snapshot(), stream: journal.streamPath)
        + StepResults.results(journal.snapshot().timeline)
      : []
    var kept: String?
    if options.keep {
      kept = directory.path
      directory.keep()
      console.line("  kept \(directory.path)")
    } else {
      directory.remove()
    }
    if let failure { return finish(.couldNotRun(failure), kept: kept) }
    journal.update { $0.results = results }
    return finish(results.allSatisfy(\.passed) ? .passed : .failed, kept: kept)
  }

  /// Workload, timeline and the wait for the end.
  private static func drive(
    _ model: ScenarioModel, supervisor: Supervisor, injector: (any FaultInjector)?, journal: EventJournal,
    options: RunOptions
  ) throws {
    let console = options.console
    journal.markWorkloadStart()
    let workloadCommand = try startWorkloadCommand(
      model, supervisor: supervisor, journal: journal, options: options)
    let verdicts = model.check.map { VerdictLoop(check: $0, supervisor: supervisor, journal: journal) }
    verdicts?.start()
    defer { verdicts?.cancel() }
    let proxyServices = Dictionary(
      model.proxies.map { ($0.name, $0.service) }, uniquingKeysWith: { first, _ in first })
    let scheduler = TimelineScheduler(
      steps: model.timeline, journal: journal,
      executor: SupervisorStepExecutor(supervisor: supervisor, faultInjector: injector),
      proxyServices: proxyServices, taps: injector, deadline: model.deadline,
      console: { console.line($0) })
    scheduler.start()
    let sampler = ServiceSampler(services: supervisor.allServices, journal: journal)
    sampler.start()
    defer { sampler.stop() }
    let jobs = model.workload.jobs
    var reason: String?
    var lastWorkerAlive = journal.now()
    while true {
      if let interruption = options.interrupt.reason {
        reason = interruption
        break
      }
      if journal.now() >= model.deadline {
        reason = "deadline"
        journal.update { $0.interrupted = "deadline \(Seconds.duration(model.deadline)) reached" }
        break
      }
      if supervisor.allWorkers.contains(where: \.isRunning) || supervisor.allWorkers.isEmpty {
        lastWorkerAlive = journal.now()
      } else if journal.now() - lastWorkerAlive >= 3 {
        reason = "no worker"
        journal.error(
          "every worker has exited; stopped waiting at \(Seconds.format(journal.now(), width: 0))")
        console.line("[\(Seconds.format(journal.now()))] every worker has exited; stopping the run")
        break
      }
      let done = journal.completedJobCount
      if let line = options.whileRunning?(supervisor, journal) {
        console.progress(line)
      } else if jobs > 0 {
        console.progress(
          ProgressText.line(time: journal.now(), fed: workloadCommand?.fed ?? 0, done: done, jobs: jobs))
      }
      let workloadOver = workloadCommand?.isFinished ?? true
      let verdictOver =
        verdicts == nil ? (jobs == 0 || done >= jobs) : journal.snapshot().verdict?.passed == true
      if verdictOver && workloadOver && scheduler.isFinished { break }
      Thread.sleep(forTimeInterval: 0.1)
    }
    let ended = journal.now()
    journal.update { $0.workloadEndedAt = ended }
    if jobs > 0 {
      console.endProgress(
        ProgressText.line(
          time: journal.now(), fed: workloadCommand?.fed ?? 0, done: journal.completedJobCount, jobs: jobs))
    }
    if reason == "deadline" {
      console.line("[\(Seconds.format(journal.now()))] deadline \(Seconds.duration(model.deadline)) reached")
    }
    verdicts?.cancel()
    if reason != nil { workloadCommand?.cancel() }
    scheduler.cancel()
    if !scheduler.wait(timeout: 60) { journal.error("a timeline step was still running at the end") }
    scheduler.removeOpenFaults()
    for line in journal.snapshot().timeline.compactMap(StepResults.consoleLine) { console.line(line) }
    if reason == nil || reason == "deadline" || reason == "no worker" {
      Thread.sleep(forTimeInterval: options.settle)
    }
  }

  /// The workload command (`workload: { command: … }`), the built-in publisher (`chaos-worker
  /// publish`) or the pipeline's feed (`chaos-worker feed`, for `jobs:` with a Redis service),
  /// started at time 0; nil when there is no workload.
  private static func startWorkloadCommand(
    _ model: ScenarioModel, supervisor: Supervisor, journal: EventJournal, options: RunOptions
  ) throws -> WorkloadCommand? {
    let launch: WorkerLaunch
    let display: String
    let location: SourceLocation
    if let command = model.workload.command {
      launch = supervisor.launch(
        command, environment: supervisor.baseEnvironment(worker: nil, extra: command.environment))
      display = command.displayText
      location = command.location
    } else if let plan = model.workload.publish {
      let binary = try WorkerBinary.locate(override: options.workerBinary)
      launch = PublishLaunch.launch(plan, supervisor: supervisor, workerBinary: binary)
      display =
        "publish \(plan.messages) messages to '\(supervisor.resolve(plan.routingKey))' via \(plan.via)"
      location = plan.location
    } else if model.workload.jobs > 0, let redis = supervisor.service(of: .redis) {
      let binary = try WorkerBinary.locate(override: options.workerBinary)
      launch = FeedLaunch.launch(
        model.workload, seed: model.seed, redis: redis, supervisor: supervisor, workerBinary: binary,
        timeZero: Date().addingTimeInterval(-journal.now()))
      display = (["chaos-worker"] + launch.arguments.prefix { $0 != "--time-zero" }).joined(separator: " ")
      location = SourceLocation(file: model.file, line: 1, column: 1)
    } else {
      return nil
    }
    let workload = WorkloadCommand(launch: launch, display: display, journal: journal)
    do {
      try workload.start()
    } catch {
      throw HarnessError.couldNotRun("\(location): the workload `\(display)` could not start: \(error)")
    }
    return workload
  }

  private static func interrupted(_ options: RunOptions) throws {
    if options.interrupt.reason != nil { throw Interrupted() }
  }

  /// Thrown between phases once the run was interrupted; reported with the signal's name.
  private struct Interrupted: Error {}

  /// Waits until every worker is ready for work — it logged `rabbitmq.connected` (every role
  /// uses RabbitMQ, and a consuming worker's queue exists once it is connected), or any line when
  /// the scenario has no RabbitMQ — or a worker exits, or `timeout` passes (then says so and goes on).
  private static func waitForWorkers(
    _ supervisor: Supervisor, journal: EventJournal, timeout: Double, interrupt: StopFlag,
    console: Console
  ) {
    // Built-in workers only: command workers have their own `ready:` (``CommandReadiness``).
    let builtIn = Set(supervisor.scenario.workers.filter { $0.role != nil }.map(\.name))
    let expected = Set(
      supervisor.allWorkers.filter { builtIn.contains($0.instance.worker) }.map(\.instance.name))
    guard !expected.isEmpty else { return }
    let needsRabbit = supervisor.service(of: .rabbitmq) != nil
    let clock = RunClock()
    var ready: Set<String> = []
    var position = 0
    while clock.now() < timeout && interrupt.reason == nil {
      let fresh = journal.events(from: position)
      position += fresh.count
      for event in fresh where !needsRabbit || event.message == LogEvent.rabbitmqConnected {
        ready.insert(event.instance)
      }
      if expected.isSubset(of: ready) { return }
      if supervisor.allWorkers.contains(where: { !$0.isRunning }) { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let missing = expected.subtracting(ready).sorted()
    if !missing.isEmpty {
      console.line(
        "  not connected after \(Seconds.duration(timeout)): \(missing.joined(separator: ", ")); starting anyway"
      )
    }
  }

  private static func report(_ outcome: RunOutcome, console: Console) {
    let journal = outcome.journal
    if !journal.results.isEmpty {
      for line in ResultTable.render(journal.results) { console.line(line) }
    }
    let held = journal.results.filter(\.passed).count
    let time = Seconds.precise(outcome.wallTime)
    switch outcome.status {
    case .passed:
      console.line("✔ \(journal.scenario.name): \(held)/\(journal.results.count) expectations held (\(time))")
    case .failed:
      console.line(
        "✘ \(journal.scenario.name): \(journal.results.count - held) of \(journal.results.count) expectations failed (\(time))"
      )
    case .couldNotRun(let reason):
      console.line("✘ \(journal.scenario.name): could not run: \(reason)")
    }
  }

  static func safeName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    let cleaned = String(name.map { allowed.contains($0) ? $0 : "-" }.prefix(40))
    return cleaned.isEmpty ? "scenario" : cleaned
  }
}
