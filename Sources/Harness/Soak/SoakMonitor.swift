import Foundation
import Scenario

#if canImport(Glibc)
  import Glibc
#endif

/// Runs inside ``ScenarioRunner``'s wait loop during a soak (``RunOptions/whileRunning``): samples
/// the resources of every worker and of this process (which runs the proxies) every
/// `sample_every`, runs a check of the invariants every `check_every` on its own thread (the
/// pipeline checker takes a moment), and makes the progress line: elapsed and remaining time, the
/// fault in place, the next one, and the checks so far. When each document went in comes from the
/// workload's own reports (``FeedReport``, read from the journal's stream as they arrive).
public final class SoakMonitor: @unchecked Sendable {
  public let plan: SoakPlan
  public let duration: Double
  private let schedule: [(time: Double, description: String)]
  private let workerBinary: String?
  private let console: Console
  /// Seconds before an inconclusive check is tried again.
  static let retryAfter = 5.0
  private let condition = NSCondition()
  private var nextSample = 0.0
  private var nextCheck: Double
  private var checking = false
  private var checkList: [SoakCheck] = []
  private var sampleList: [ResourceSample] = []
  private var lastFaultRead = -Double.infinity
  private var currentFaults: [String] = []
  private var feedSubscription: JournalSubscription?
  /// Each document the workload reported fed, and when (seconds since the workload started).
  private var fedAt: [(document: String, time: Double)] = []

  /// - Parameter schedule: the steps the soak drew, for "next: … in 12s".
  public init(
    plan: SoakPlan, duration: Double, schedule: [TimelineStep], workerBinary: String?, console: Console
  ) {
    self.plan = plan
    self.duration = duration
    self.schedule = schedule.compactMap { step in
      if case .at(let time) = step.trigger { return (time, StepText.describe(step)) }
      return nil
    }
    self.workerBinary = workerBinary
    self.console = console
    nextCheck = plan.checkEvery
  }

  public var checks: [SoakCheck] {
    condition.lock()
    defer { condition.unlock() }
    return checkList
  }

  public var samples: [ResourceSample] {
    condition.lock()
    defer { condition.unlock() }
    return sampleList
  }

  /// The hook: called about every 0.1 s from the runner's wait loop.
  public func tick(_ supervisor: Supervisor, _ journal: EventJournal) -> String? {
    if feedSubscription == nil {
      feedSubscription = journal.subscribe { [weak self] event in self?.note(event) }
    }
    let now = journal.now()
    if now >= nextSample {
      sample(supervisor, at: now)
      nextSample = max(nextSample + plan.sampleEvery, now)
    }
    condition.lock()
    let startCheck = now >= nextCheck && !checking && now <= duration + plan.drain
    if startCheck {
      checking = true
      nextCheck += plan.checkEvery
    }
    condition.unlock()
    if startCheck { check(supervisor, journal, at: now) }
    return progress(journal, now: now)
  }

  /// Waits (up to `timeout` seconds) for a check still running.
  public func finish(timeout: Double = 90) {
    feedSubscription?.cancel()
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    while checking {
      if !condition.wait(until: deadline) { break }
    }
    condition.unlock()
  }

  private func sample(_ supervisor: Supervisor, at time: Double) {
    var taken: [ResourceSample] = []
    let me = getpid()
    if let resources = ProcessResources.read(pid: me) {
      taken.append(ResourceSample(time: time, process: "chaos", pid: me, resources: resources))
    }
    for worker in supervisor.allWorkers {
      guard let pid = worker.pid, let resources = ProcessResources.read(pid: pid) else { continue }
      taken.append(ResourceSample(time: time, process: worker.instance.name, pid: pid, resources: resources))
    }
    condition.lock()
    sampleList += taken
    condition.unlock()
  }

  private func check(_ supervisor: Supervisor, _ journal: EventJournal, at time: Double) {
    condition.lock()
    let number = checkList.count + 1
    condition.unlock()
    let environment = supervisor.workerEnvironment(role: .consumer, direct: true)
    let binary = workerBinary
    let thread = Thread { [self] in
      let fedBefore = journal.snapshot().fed
      let run: CheckerRun
      if let binary {
        run = PipelineChecker(executable: binary, environment: environment).run(
          expecting: fedBefore, at: time, timeout: 30)
      } else {
        run = CheckerRun(
          time: time, exitStatus: nil, report: nil, problem: "no chaos-worker to run the checker")
      }
      // The documents fed by the end of the check: the checker may have seen any of them.
      let snapshot = journal.snapshot()
      condition.lock()
      let fedAt = self.fedAt
      condition.unlock()
      let result = SoakInvariants.decide(
        number: number, time: time, checker: run, journal: snapshot, fedAt: fedAt, stuckAfter: plan.stuckAfter
      )
      console.line("[\(Seconds.format(time))] " + result.line)
      if !result.passed {
        for line in result.evidence.prefix(8) { console.line("      \(line)") }
      }
      condition.lock()
      checkList.append(result)
      // A check that could not reach the services (one was restarting) is tried again soon.
      if result.inconclusive != nil { nextCheck = min(nextCheck, time + SoakMonitor.retryAfter) }
      checking = false
      condition.broadcast()
      condition.unlock()
    }
    thread.name = "chaos-soak-check"
    thread.start()
  }

  /// Keeps the documents of a workload's batch report with the time it arrived.
  private func note(_ event: WorkerEvent) {
    guard event.instance == WorkloadCommand.instanceName, let report = FeedReport(event),
      report.kind == .batch
    else { return }
    condition.lock()
    fedAt += report.documents.map { (document: $0, time: event.time) }
    condition.unlock()
  }

  private func progress(_ journal: EventJournal, now: Double) -> String {
    if now - lastFaultRead >= 0.5 {
      lastFaultRead = now
      var faults: [String] = []
      journal.update { run in
        for record in run.timeline {
          guard let start = record.startedAt, start <= now else { continue }
          if record.endedAt == nil || (record.endedAt ?? 0) > now - 1 { faults.append(record.description) }
        }
      }
      currentFaults = faults
    }
    let elapsed = min(now, duration)
    var parts = [
      "[soak \(TimeAxis.label(elapsed)) / \(TimeAxis.label(duration))"
        + (now < duration ? ", \(TimeAxis.label(duration - now)) left]" : ", draining]")
    ]
    parts.append("fault: " + (currentFaults.isEmpty ? "none" : currentFaults.joined(separator: ", ")))
    if let next = schedule.first(where: { $0.time > now }) {
      parts.append("next: \(next.description) in \(TimeAxis.label(next.time - now))")
    }
    parts.append("done \(journal.completedJobCount)")
    let done = checks
    let failed = done.filter { !$0.passed }.count
    if !done.isEmpty { parts.append("checks \(done.count - failed) ✔" + (failed > 0 ? " \(failed) ✘" : "")) }
    return parts.joined(separator: " · ")
  }
}
