import Harness
import XCTest

@testable import Scenario

/// The example of DESIGN §4 parses into the model the harness expects, with locations.
final class DesignExampleTests: XCTestCase {
  func testHeaderAndDeclarations() throws {
    let model = try ScenarioParser.parse(text: DesignExample.text, file: "design.scn")
    XCTAssertEqual(model.file, "design.scn")
    XCTAssertEqual(model.name, "redis-restart")
    XCTAssertEqual(model.about, "Redis restarts under load; every job still completes exactly once.")
    XCTAssertEqual(model.seed, 42)
    XCTAssertEqual(model.deadline, 120)
    XCTAssertEqual(
      model.services,
      [
        ServiceDeclaration(
          name: "redis", kind: .redis, location: SourceLocation(file: "design.scn", line: 7, column: 3)),
        ServiceDeclaration(
          name: "rabbitmq", kind: .rabbitmq, location: SourceLocation(file: "design.scn", line: 8, column: 3)),
      ])
    XCTAssertEqual(
      model.proxies,
      [
        ProxyDeclaration(
          name: "redis", service: "redis", location: SourceLocation(file: "design.scn", line: 10, column: 3)),
        ProxyDeclaration(
          name: "rabbitmq", service: "rabbitmq",
          location: SourceLocation(file: "design.scn", line: 11, column: 3)),
      ])
    XCTAssertEqual(model.workers.map(\.role), [.scanner, .downloader, .translator, .consumer])
    XCTAssertEqual(model.workers.map(\.count), [1, 2, 2, 1])
    XCTAssertEqual(model.workers[1].location, SourceLocation(file: "design.scn", line: 12, column: 24))
    XCTAssertEqual(
      model.settings,
      [
        "REDIS_HEALTH_CHECK_INTERVAL": "1", "REDIS_RECONNECT_INITIAL_DELAY": "0.2",
        "REDIS_RECONNECT_MAX_DELAY": "2",
      ])
    XCTAssertEqual(model.workload, Workload(jobs: 300, rate: 50))
  }

  func testTimeline() throws {
    let model = try ScenarioParser.parse(text: DesignExample.text, file: "design.scn")
    func at(_ line: Int) -> SourceLocation { SourceLocation(file: "design.scn", line: line, column: 5) }
    XCTAssertEqual(
      model.timeline,
      [
        TimelineStep(
          trigger: .at(5), action: StepAction(RestartFault(service: "redis", down: 4)), location: at(20)),
        TimelineStep(
          trigger: .at(15), action: StepAction(CutFault(proxy: "rabbitmq")), duration: 3, location: at(23)),
        TimelineStep(
          trigger: .at(22), action: StepAction(DelayFault(proxy: "redis", latencyMs: 300, jitterMs: 50)),
          duration: 5,
          location: at(26)),
        TimelineStep(
          trigger: .afterProtocol(count: 20, event: .deliveries, proxy: "rabbitmq"),
          action: StepAction(ResetFault(proxy: "rabbitmq")),
          location: at(31)),
      ])
  }

  func testExpectations() throws {
    let model = try ScenarioParser.parse(text: DesignExample.text, file: "design.scn")
    XCTAssertEqual(
      model.expectations.claims,
      [
        SameClaim(JobsDoneChecker(within: 60)),
        SameClaim(DuplicatesChecker(maximum: 0)),
        SameClaim(LostChecker(maximum: 0)),
        SameClaim(AcksBalancedChecker()),
        SameClaim(
          LogChecker(
            LogExpectation(
              pattern: .text("Redis reconnection successful"), from: "downloader", after: .time(5)))),
        SameClaim(
          LogChecker(
            LogExpectation(
              pattern: .text("Redis health check failed"),
              before: .message(.text("Redis reconnection successful"))))),
        SameClaim(RecoveryChecker(service: "redis", within: 3)),
        SameClaim(BackoffChecker(service: "redis", tolerance: 0.2)),
      ])
    XCTAssertEqual(model.expectations.map(\.location.line), [35, 37, 38, 39, 40, 43, 45, 47])
    XCTAssertEqual(model.expectations[4].location.column, 5)
  }

  /// The shipped scenario is the example with CI settings.
  func testShippedRedisRestartScenario() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../scenarios/redis-restart.scn"
    ).standardizedFileURL.path
    let model = try ScenarioParser.parse(contentsOf: path)
    let design = try ScenarioParser.parse(text: DesignExample.text, file: path)
    XCTAssertEqual(model.name, design.name)
    XCTAssertEqual(model.services.map(\.name), design.services.map(\.name))
    XCTAssertEqual(model.proxies.map(\.name), design.proxies.map(\.name))
    XCTAssertEqual(model.workers.map(\.count), design.workers.map(\.count))
    XCTAssertEqual(model.timeline.map(\.action), design.timeline.map(\.action))
    XCTAssertEqual(model.expectations.claims, design.expectations.claims)
    let ends = model.timeline.compactMap { step -> Double? in
      guard case .at(let start) = step.trigger else { return nil }
      return start + (step.duration ?? 0)
    }
    XCTAssertLessThanOrEqual(ends.max() ?? 0, 30, "the timeline fits in ~30 s")
    XCTAssertEqual(model.settings["REDIS_RECONNECT_INITIAL_DELAY"], "0.2")
  }
}
