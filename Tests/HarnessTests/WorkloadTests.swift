import Foundation
import LocalServices
import LogVocabulary
import Scenario
import XCTest

@testable import Harness

final class WorkloadTests: XCTestCase {
  func testThePlanIsReproducibleFromTheSeed() {
    let workload = Workload(jobs: 50, rate: 100)
    let first = WorkloadPlan(workload: workload, seed: 42)
    XCTAssertEqual(first, WorkloadPlan(workload: workload, seed: 42))
    XCTAssertNotEqual(
      first.entries.map(\.document), WorkloadPlan(workload: workload, seed: 43).entries.map(\.document))
    XCTAssertEqual(Set(first.entries.map(\.document)), Set((1...50).map { WorkloadPlan.documentID($0) }))
    XCTAssertEqual(WorkloadPlan.documentID(7), "doc-000007")
    let offsets = first.entries.map(\.offset)
    XCTAssertEqual(offsets, offsets.sorted())
    XCTAssertEqual(offsets[0], 0)
    // 49 gaps averaging 1/100 s, each between 0.5 and 1.5 of it.
    XCTAssertEqual(offsets.last ?? 0, 0.49, accuracy: 0.12)
    XCTAssertTrue(zip(offsets, offsets.dropFirst()).allSatisfy { $1 - $0 >= 0.005 && $1 - $0 <= 0.015 })
  }

  func testWithoutARateEverythingIsDueAtOnceAndNoJobsMeansNoPlan() {
    XCTAssertTrue(WorkloadPlan(workload: Workload(jobs: 5), seed: 1).entries.allSatisfy { $0.offset == 0 })
    XCTAssertEqual(WorkloadPlan(workload: Workload(jobs: 0, rate: 5), seed: 1).entries, [])
  }

  func testTheFeederFillsTheInboxOfARealRedisAtTheRateAndSurvivesARestart() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-feeder")
    defer { directory.remove() }
    let redis = try RedisServer(directory: directory.path)
    try redis.start()
    defer { redis.stop() }
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "f", name: "f")))
    let plan = WorkloadPlan(workload: Workload(jobs: 40, rate: 20), seed: 9)
    let feeder = WorkloadFeeder(
      plan: plan, port: redis.port, keys: KeySpace(prefix: "chaos:"), journal: journal)
    journal.markWorkloadStart()
    feeder.start()
    Thread.sleep(forTimeInterval: 0.5)
    try redis.restart(down: 0.5)
    XCTAssertTrue(feeder.wait(timeout: 10))
    let finished = try XCTUnwrap(journal.snapshot().feedFinishedAt)
    XCTAssertGreaterThan(finished, 1.5, "40 documents at 20/s take about 2 s")
    XCTAssertLessThan(finished, 4)
    XCTAssertEqual(feeder.fed, 40)
    XCTAssertEqual(journal.snapshot().fed, 40)
    let connection = try RESPConnection(port: redis.port)
    XCTAssertEqual(try connection.command(["LLEN", "chaos:inbox"]), "40")
    XCTAssertEqual(
      try connection.command(["SCARD", "chaos:fed"]), "40", "the checker's set of fed documents")
    // RPOP takes them in the order they were pushed: the plan's order.
    var popped: [String] = []
    for _ in 0..<40 { popped.append(try connection.command(["RPOP", "chaos:inbox"])) }
    XCTAssertEqual(popped, plan.entries.map(\.document))
  }

  func testRESPErrorsAreClear() throws {
    let port = try FreePort.allocate()
    XCTAssertThrowsError(try RESPConnection(port: port)) { error in
      XCTAssertTrue("\(error)".contains("connect 127.0.0.1:\(port)"), "\(error)")
    }
  }
}
