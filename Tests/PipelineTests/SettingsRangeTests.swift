import Foundation
import LocalServices
import Pipeline
import Resilience
import XCTest

/// Issue 13 item 4: every setting is checked against its real range at start (exit 2 naming the
/// variable and the range), and the largest values in range do not trap.
final class SettingsRangeTests: XCTestCase {
  func testEverySettingOutsideItsRangeIsRefusedWithTheVariableAndTheRange() {
    let cases: [(String, String, String)] = [
      ("RABBITMQ_HEARTBEAT", "99999999", "from 0 to 65535"),
      ("RABBITMQ_HEARTBEAT", "-1", "from 0 to 65535"),
      ("WORK_DELAY_MS", "5000000", "from 0 to 1800000"),
      ("PREFETCH", "0", "from 1 to 65535"),
      ("PREFETCH", "70000", "from 1 to 65535"),
      ("REDIS_RECONNECT_MAX_RETRIES", "99999999999", "from 0 to 1000000"),
      ("REDIS_HEALTH_CHECK_INTERVAL", "1e30", "at most 86400"),
      ("RABBITMQ_RECONNECT_MAX_DELAY", "100000", "from 0 to 86400"),
      ("REDIS_COMMAND_TIMEOUT", "0", "above 0"),
      ("RABBITMQ_CONFIRM_TIMEOUT", "inf", "at most 86400"),
      ("METRICS_PORT", "0", "from 1 to 65535"),
      ("METRICS_PORT", "65536", "from 1 to 65535"),
      ("REDIS_CIRCUIT_FAILURE_THRESHOLD", "10001", "from 0 to 10000"),
      ("RABBITMQ_CIRCUIT_COOL_DOWN", "0", "above 0, at most 3600"),
    ]
    for (variable, value, range) in cases {
      XCTAssertThrowsError(try WorkerSettings(environment: Environment([variable: value]))) { error in
        XCTAssertEqual((error as? SettingsError)?.variable, variable)
        XCTAssertTrue("\(error)".hasPrefix("\(variable)=\(value): expected"), "\(error)")
        XCTAssertTrue("\(error)".contains(range), "\(variable)=\(value): \(error)")
      }
    }
    let largest = [
      "RABBITMQ_HEARTBEAT": "65535", "WORK_DELAY_MS": "1800000", "PREFETCH": "65535",
      "REDIS_RECONNECT_MAX_RETRIES": "1000000", "REDIS_HEALTH_CHECK_INTERVAL": "86400",
      "RABBITMQ_RECONNECT_MAX_DELAY": "86400",
    ]
    XCTAssertNoThrow(try WorkerSettings(environment: Environment(largest)))
  }

  func testAWorkerWithASettingOutOfRangeExitsTwoNamingIt() throws {
    let fleet = WorkerFleet(environment: ["RABBITMQ_HEARTBEAT": "99999999"])
    let worker = try fleet.start("scanner")
    XCTAssertEqual(worker.wait(timeout: 10), 2)
    let text = fleet.log().joined(separator: "\n")
    XCTAssertTrue(
      text.contains("RABBITMQ_HEARTBEAT=99999999: expected a whole number of seconds from 0 to 65535"), text)
  }

  /// Before: SIGILL right after connecting (`usleep(UInt32(65535 / 4 * 1e6))`) and at the first job
  /// (`usleep(UInt32(5000 * 1e6))`). Now the worker runs, and SIGTERM still stops it mid-job.
  func testTheLargestHeartbeatAndWorkDelayDoNotTrap() throws {
    let stack = try PipelineStack()
    defer { stack.stop() }
    try stack.start()
    let prefix = "t-ranges:"
    let fleet = WorkerFleet(
      environment: stack.environment(
        prefix: prefix, extra: ["RABBITMQ_HEARTBEAT": "65535", "WORK_DELAY_MS": "1800000"]))
    defer { fleet.stopAll() }
    let worker = try fleet.start("scanner")
    try stack.feed(1, prefix: prefix)
    let deadline = Date().addingTimeInterval(20)
    while fleet.count("rabbitmq.connected") == 0 && Date() < deadline && worker.isRunning { usleep(50_000) }
    sleep(2)
    XCTAssertNil(worker.status, "the worker died: \(fleet.log().suffix(5))")
    worker.send(SIGTERM)
    XCTAssertEqual(worker.wait(timeout: 8), 0, "\(fleet.log().suffix(5))")
  }
}
