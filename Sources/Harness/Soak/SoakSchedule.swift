import Scenario
import SeededRandom

/// When each soak fault happens: for every fault kind its own sequence, drawn from the seed, of
/// gaps uniform in `every` (the first one too), up to the soak's duration. The same seed, plan and
/// duration give the same schedule, so a failing soak can be replayed exactly with `--seed`.
public enum SoakSchedule {
  /// Timeline steps (`at:` times in seconds since the workload started), in time order.
  public static func draw(_ plan: SoakPlan, duration: Double, seed: UInt64) -> [TimelineStep] {
    var steps: [TimelineStep] = []
    for (index, fault) in plan.faults.enumerated() {
      // A stream per fault kind: adding a fault to the file does not move the others.
      var generator = SeededGenerator(seed: seed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
      func gap() -> Double {
        let span = fault.every.upperBound - fault.every.lowerBound
        let seconds = fault.every.lowerBound + generator.unit() * span
        return (seconds * 1000).rounded() / 1000
      }
      var time = gap()
      while time < duration {
        steps.append(
          TimelineStep(
            trigger: .at(time), action: fault.action, duration: fault.duration, location: fault.location))
        time += gap()
      }
    }
    return steps.sorted { lhs, rhs in
      if case .at(let left) = lhs.trigger, case .at(let right) = rhs.trigger, left != right {
        return left < right
      }
      return lhs.location.line < rhs.location.line
    }
  }
}
