import Foundation
import Scenario
import XCTest

@testable import Harness

/// The soak's fault schedule is a pure function of the plan, the duration and the seed.
final class SoakScheduleTests: XCTestCase {
  static let here = SourceLocation(file: "soak.scn", line: 3, column: 5)

  static func plan(_ faults: [SoakFault]) -> SoakPlan {
    SoakPlan(faults: faults, location: here)
  }

  static let reset = SoakFault(
    action: StepAction(ResetFault(proxy: "rabbitmq")), every: 20...60, location: here)
  static let restart = SoakFault(
    action: StepAction(RestartFault(service: "redis", down: 2)), every: 120...300,
    location: SourceLocation(file: "soak.scn", line: 6, column: 5))

  private func times(_ steps: [TimelineStep], _ action: StepAction? = nil) -> [Double] {
    steps.compactMap { step in
      guard action == nil || step.action == action, case .at(let time) = step.trigger else { return nil }
      return time
    }
  }

  func testTheSameSeedGivesTheSameSchedule() {
    let plan = Self.plan([Self.reset, Self.restart])
    let first = SoakSchedule.draw(plan, duration: 1800, seed: 1234)
    let again = SoakSchedule.draw(plan, duration: 1800, seed: 1234)
    XCTAssertEqual(first, again)
    XCTAssertNotEqual(times(first), times(SoakSchedule.draw(plan, duration: 1800, seed: 1235)))
  }

  func testGapsStayWithinEveryAndTimesWithinTheDuration() {
    let steps = SoakSchedule.draw(Self.plan([Self.reset, Self.restart]), duration: 1800, seed: 99)
    let resets = times(steps, StepAction(ResetFault(proxy: "rabbitmq")))
    let restarts = times(steps, StepAction(RestartFault(service: "redis", down: 2)))
    // 1800 s with gaps of 20-60 s: between 29 and 90 resets; 120-300 s: between 5 and 15 restarts.
    XCTAssertTrue((29...90).contains(resets.count), "\(resets.count) resets")
    XCTAssertTrue((5...15).contains(restarts.count), "\(restarts.count) restarts")
    for (series, range) in [(resets, 20.0...60.0), (restarts, 120.0...300.0)] {
      XCTAssertTrue(range.contains(series[0]))
      for (previous, next) in zip(series, series.dropFirst()) {
        XCTAssertTrue(range.contains(((next - previous) * 1000).rounded() / 1000), "gap \(next - previous)")
      }
      XCTAssertLessThan(series.last ?? 0, 1800)
    }
    XCTAssertEqual(times(steps), times(steps).sorted())
    XCTAssertEqual(
      steps.first { $0.action == StepAction(ResetFault(proxy: "rabbitmq")) }?.location, Self.here)
  }

  func testAddingAFaultKindDoesNotMoveTheOthers() {
    let alone = SoakSchedule.draw(Self.plan([Self.reset]), duration: 600, seed: 7)
    let together = SoakSchedule.draw(Self.plan([Self.reset, Self.restart]), duration: 600, seed: 7)
    XCTAssertEqual(times(alone), times(together, StepAction(ResetFault(proxy: "rabbitmq"))))
  }

  func testTheRunnableScenarioFeedsForTheWholeDuration() {
    var model = ScenarioModel(
      file: "soak.scn", name: "soak", seed: 1, deadline: 120, workload: Workload(jobs: 0, rate: 10))
    let plan = Self.plan([Self.reset])
    model.soak = plan
    let runnable = SoakScenario.runnable(model, plan: plan, duration: 600, seed: 77)
    XCTAssertNil(runnable.soak)
    XCTAssertEqual(runnable.seed, 77)
    XCTAssertEqual(runnable.workload, Workload(jobs: 6000, rate: 10))
    XCTAssertEqual(runnable.deadline, 660)
    XCTAssertEqual(runnable.timeline, SoakSchedule.draw(plan, duration: 600, seed: 77))
    XCTAssertEqual(HarnessValidation.problems(model, hasProxyEngine: true).count, 1)
    XCTAssertTrue(HarnessValidation.problems(model, hasProxyEngine: true)[0].contains("chaos soak"))
  }
}
