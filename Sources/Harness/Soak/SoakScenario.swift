import Scenario

/// Turns a scenario with a `soak:` section into the ordinary scenario that ``ScenarioRunner``
/// runs: the drawn faults join the timeline, the workload feeds `rate × duration` documents (so
/// it flows for the whole soak), the deadline is the duration plus the drain, and the seed is the
/// soak's.
public enum SoakScenario {
  public static func runnable(_ model: ScenarioModel, plan: SoakPlan, duration: Double, seed: UInt64)
    -> ScenarioModel
  {
    var runnable = model
    runnable.soak = nil
    runnable.seed = seed
    let rate = model.workload.rate ?? 1
    runnable.workload = Workload(jobs: max(1, Int((rate * duration).rounded())), rate: rate)
    runnable.deadline = duration + plan.drain
    runnable.timeline = (model.timeline + SoakSchedule.draw(plan, duration: duration, seed: seed)).sorted {
      time($0) < time($1)
    }
    return runnable
  }

  private static func time(_ step: TimelineStep) -> Double {
    if case .at(let seconds) = step.trigger { return seconds }
    return .infinity
  }
}
