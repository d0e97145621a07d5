import Foundation
import LocalServices
import XCTest

/// Workers started before Redis and RabbitMQ exist wait with backoff and then process everything
/// (the seed's first known limitation, fixed).
final class ColdStartTests: XCTestCase {
  func testWorkersStartedBeforeBothServicesConnectWhenTheyComeUp() throws {
    let stack = try PipelineStack()
    defer { stack.stop() }
    let prefix = "t-cold:"
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try fleet.startAll()
    try waitFor(timeout: 20) { fleet.count("reconnect.attempt") >= 8 }
    for (role, process) in fleet.workers {
      XCTAssertTrue(process.isRunning, "\(role) gave up while the services were down")
    }
    try stack.start()
    try stack.feed(50, prefix: prefix)
    let report = try stack.waitUntilClean(50, prefix: prefix, timeout: 90)
    XCTAssertTrue(report.isClean, "\(report)")
  }
}
