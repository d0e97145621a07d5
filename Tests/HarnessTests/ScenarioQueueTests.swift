import Scenario
import XCTest

@testable import Harness

/// `chaos run -j N` hands out the longest scenario first, so no lane is left running one long
/// scenario alone at the end; outcomes stay in the suite's order.
final class ScenarioQueueTests: XCTestCase {
  private func model(_ name: String, _ body: String) throws -> ScenarioModel {
    let text = """
      name: \(name)
      deadline: 90s
      services: { redis: redis, rabbitmq: rabbitmq }
      proxies: { redis: { to: redis } }
      workers: { consumer: 1 }
      \(body)
      expect:
        - no crash

      """
    return try ScenarioParser.parse(text: text, file: "\(name).scn")
  }

  func testTheLongestPlannedScenarioStartsFirst() throws {
    let scenarios = [
      try model("short", "workload: { jobs: 20, rate: 10/s }"),  // 2 s of feeding
      try model("long", "workload: { jobs: 300, rate: 10/s }"),  // 30 s
      // 15 s: the last step ends after the feeding.
      try model(
        "late-step", "workload: { jobs: 20, rate: 10/s }\ntimeline:\n  - { at: 12s, cut: redis, for: 3s }"),
      // 2 s + a node's boot: a restarted RabbitMQ cannot be the shared node.
      try model(
        "own-broker", "workload: { jobs: 20, rate: 10/s }\ntimeline:\n  - { at: 1s, restart: rabbitmq }"),
    ]
    XCTAssertEqual(
      scenarios.map { PlannedLength.seconds($0) }, [2, 30, 15, 2 + PlannedLength.privateBrokerBoot])
    let queue = ScenarioQueue(count: scenarios.count)
    for (index, scenario) in scenarios.enumerated() { queue.enqueue(scenario, at: index) }
    var order: [String] = []
    while let (index, next) = queue.next() {
      order.append(next.name)
      queue.record(
        RunOutcome(status: .passed, journal: RunJournal(scenario: ScenarioSummary(next)), wallTime: 0),
        at: index)
    }
    XCTAssertEqual(order, ["long", "late-step", "own-broker", "short"])
    XCTAssertEqual(queue.recorded.map(\.journal.scenario.name), ["short", "long", "late-step", "own-broker"])
  }

  /// With private nodes booted ahead, their boot is not in the planned length, and a scenario that
  /// needs one waits while none is ready and another can run; once only such scenarios are left
  /// they are handed out anyway (the scenario then waits for the boot or boots its own).
  func testWithNodesBootedAheadAScenarioNeedingOneWaitsForAReadyNode() throws {
    let scenarios = [
      try model("short", "workload: { jobs: 20, rate: 10/s }"),  // 2 s
      try model(
        "own-broker", "workload: { jobs: 300, rate: 10/s }\ntimeline:\n  - { at: 1s, restart: rabbitmq }"),
      try model("middle", "workload: { jobs: 100, rate: 10/s }"),  // 10 s
      try model(
        "own-broker-short", "workload: { jobs: 50, rate: 10/s }\ntimeline:\n  - { at: 1s, kill: rabbitmq }"),
    ]
    XCTAssertEqual(scenarios.map { PlannedLength.seconds($0, privateBootHidden: true) }, [2, 30, 10, 5])
    let queue = ScenarioQueue(count: scenarios.count, bootsAhead: true)
    for (index, scenario) in scenarios.enumerated() { queue.enqueue(scenario, at: index) }
    XCTAssertEqual(queue.privateNodes, 2)
    XCTAssertEqual(queue.next(privateNodesReady: 0)?.model.name, "middle")
    XCTAssertEqual(queue.next(privateNodesReady: 1)?.model.name, "own-broker")
    XCTAssertEqual(queue.next(privateNodesReady: 0)?.model.name, "short")
    XCTAssertEqual(queue.next(privateNodesReady: 0)?.model.name, "own-broker-short", "the last one left")
    XCTAssertNil(queue.next(privateNodesReady: 0))
  }
}
