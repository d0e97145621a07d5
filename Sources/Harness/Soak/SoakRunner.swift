import Foundation
import ProcessLifecycle
import Scenario

/// `chaos soak`: runs a scenario with a `soak:` section for a given duration on ``ScenarioRunner``
/// (the same supervisor, timeline, workload, checker and expectations as `chaos run`), with the
/// drawn faults as its timeline and a ``SoakMonitor`` in its wait loop; then judges resource growth.
public enum SoakRunner {
  public static func run(_ model: ScenarioModel, duration: Double, seed: UInt64, options: RunOptions)
    -> SoakOutcome
  {
    let console = options.console
    let plan = model.soak ?? SoakPlan(location: SourceLocation(file: model.file, line: 1, column: 1))
    let runnable = SoakScenario.runnable(model, plan: plan, duration: duration, seed: seed)
    let drawn = SoakSchedule.draw(plan, duration: duration, seed: seed)
    console.line(
      "soak \(model.name): \(TimeAxis.label(duration)), seed \(seed) (replay: --seed \(seed)), "
        + "\(drawn.count) faults drawn, workload \(runnable.workload.jobs) jobs at "
        + "\(HTMLText.number(runnable.workload.rate ?? 0))/s, checks every \(TimeAxis.label(plan.checkEvery))"
    )
    let binary = try? WorkerBinary.locate(override: options.workerBinary)
    let monitor = SoakMonitor(
      plan: plan, duration: duration, schedule: drawn, workerBinary: binary, console: console)
    var options = options
    options.whileRunning = { supervisor, journal in monitor.tick(supervisor, journal) }
    let run = ScenarioRunner.run(runnable, options: options)
    monitor.finish()
    let samples = monitor.samples
    let interrupted = options.interrupt.reason != nil
    let lastSample = samples.map(\.time).max() ?? 0
    let ran = min(duration, interrupted ? lastSample : duration)
    let span = 0...max(ran, 1)
    let inSoak = steadySamples(samples.filter { $0.time <= ran }, timeline: run.journal.timeline)
    let processes = Array(Set(inSoak.map(\.process))).sorted {
      ($0 == "chaos" ? "" : $0) < ($1 == "chaos" ? "" : $1)
    }
    // chaos itself is judged like the workers: it holds only the latest records (the rest goes to
    // the event stream on disk) and bounded tallies. Those bounded buffers fill during the first
    // minute, so its RSS is judged only in a soak long enough for the first quarter to start after
    // they are full (docs/soak.md has the figures: it still grows, outside the journal).
    let chaosRSSJudged = ran >= Self.chaosRSSJudgedFrom
    let growth = processes.map { process in
      let warmingUp = process == "chaos" && !chaosRSSJudged
      return ResourceGrowth(
        process: process, samples: inSoak.filter { $0.process == process }, span: span, limit: plan.maxGrowth,
        judged: warmingUp ? [.fds] : [.rss, .fds],
        note: warmingUp
          ? "RSS judged only in soaks of \(Int(Self.chaosRSSJudgedFrom / 60)) min or more (its bounded buffers fill first)"
          : nil)
    }
    return SoakOutcome(
      run: run, plan: plan, seed: seed, duration: duration, ran: ran,
      schedule: drawn.compactMap { step in
        if case .at(let time) = step.trigger { return (time, StepText.describe(step)) }
        return nil
      }, checks: monitor.checks, samples: samples, growth: growth, interrupted: interrupted)
  }

  /// The soak length from which chaos's own RSS is judged.
  static let chaosRSSJudgedFrom: Double = 240

  /// Worker lines a soak holds in memory (the latest; all are in the event stream on disk).
  public static let retainedEvents = 1000

  /// Seconds after a fault window during which samples still count as disturbed.
  static let settleAfterFault = 2.0

  /// The samples taken while no fault was in place (nor within ``settleAfterFault`` of one): a
  /// restart in progress holds extra pipes in chaos and one socket fewer in each worker, which is
  /// not growth. Leaks are judged on these.
  static func steadySamples(_ samples: [ResourceSample], timeline: [StepRecord]) -> [ResourceSample] {
    let windows = timeline.compactMap { record in
      record.startedAt.map { (start: $0, end: (record.endedAt ?? .infinity) + settleAfterFault) }
    }
    return samples.filter { sample in !windows.contains { sample.time >= $0.start && sample.time <= $0.end } }
  }
}
