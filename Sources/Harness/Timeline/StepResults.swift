/// The timeline's part of the verdict: a step that never fired (its trigger never came, the run
/// ended first) or did not take effect (its target was gone, the engine refused) fails the run
/// unless it is `optional: true`. Steps that did what they said add no row: their effect is in
/// the timeline's evidence.
public enum StepResults {
  /// The witness the rows rest on.
  public static let witness = "timeline"

  /// One failing row per step that fails the run, in timeline order.
  public static func results(_ timeline: [StepRecord]) -> [ExpectationResult] {
    timeline.filter(\.failsRun).map { step in
      ExpectationResult(
        expectation: "step \(step.description) (\(step.trigger))", location: step.location, outcome: .fail,
        summary: failure(step), evidence: step.effect.map { ["effect: \($0)"] } ?? [], witness: witness)
    }
  }

  /// `never fired: /tick \d+/ was logged 0 of 1 times` or `did not take effect: no live process …`.
  public static func failure(_ step: StepRecord) -> String {
    if step.startedAt == nil { return "never fired: \(step.notFired ?? "the run ended first")" }
    return "did not take effect: \(step.error ?? "?")"
  }

  /// `✘ step scenarios/x.scn:12:5 never fired: …` for a failing step; for an optional one that did
  /// not fire, `– step … never fired (optional): …`; nil for a step that did what it said.
  public static func consoleLine(_ step: StepRecord) -> String? {
    guard step.startedAt == nil || step.error != nil else { return nil }
    if step.optional == true { return "– step \(step.location) (optional) \(failure(step))" }
    return "✘ step \(step.location) \(failure(step))"
  }
}
