import Scenario
import XCTest

@testable import Harness

final class AcksBalancedAssertionTests: XCTestCase {
  func testBalancedWhenEachDeliveryIsSettledOnceAndQueuesAreEmpty() {
    var run = RecordedJournal()
    run.cleanRun()
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertTrue(result.passed, result.summary)
    XCTAssertTrue(
      result.evidence.contains("3 acks and 0 nacks logged for 3 deliveries"), "\(result.evidence)")
  }

  func testADeliveryAckedTwiceFails() {
    var run = RecordedJournal()
    run.cleanRun()
    run.event(
      4, "downloader#1", "message.acked", ["queue": "downloader", "job": "doc-000002", "delivery_tag": 2])
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("1 deliveries acked or nacked more than once"), result.summary)
  }

  func testTagsStartAgainOnANewConnectionAndInANewProcess() {
    var run = RecordedJournal()
    run.cleanRun()
    run.event(5, "downloader#1", "RabbitMQ reconnection successful", ["service": "rabbitmq", "attempts": 1])
    run.event(
      6, "downloader#1", "message.acked", ["queue": "downloader", "job": "doc-000004", "delivery_tag": 1])
    run.event(
      7, "downloader#1", "message.nacked", ["queue": "downloader", "job": "doc-000005", "delivery_tag": 1],
      generation: 2)
    XCTAssertTrue(run.evaluate(AcksBalancedChecker()).passed)
  }

  func testTheLoggedConnectionGenerationSeparatesTags() {
    var run = RecordedJournal()
    run.cleanRun()
    run.event(
      6, "downloader#1", "message.acked",
      ["queue": "downloader", "job": "doc-000004", "delivery_tag": 1, "generation": 2])
    XCTAssertTrue(run.evaluate(AcksBalancedChecker()).passed)
    run.event(
      7, "downloader#1", "message.nacked",
      ["queue": "downloader", "job": "doc-000004", "delivery_tag": 1, "generation": 2])
    XCTAssertFalse(run.evaluate(AcksBalancedChecker()).passed, "tag 1 of connection 2 settled twice")
  }

  func testQueuesNotDrainedFail() {
    var run = RecordedJournal()
    run.cleanRun()
    run.checker(queues: ["downloader": 0, "translator": 4])
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("translator has 4"), result.summary)
  }

  func testNoAcksAtAllForAWorkloadFails() {
    var run = RecordedJournal()
    run.event(1, "downloader#1", "job.done", ["job": "doc-000001"])
    run.checker()
    let result = run.evaluate(AcksBalancedChecker())
    XCTAssertFalse(result.passed)
    XCTAssertTrue(result.summary.contains("no message.acked event at all"), result.summary)
  }
}
