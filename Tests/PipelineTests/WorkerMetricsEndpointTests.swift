import Foundation
import LocalServices
import WorkerMetrics
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// Real workers serving `/metrics` and `/healthz` (METRICS_PORT) while Redis goes away and back.
final class WorkerMetricsEndpointTests: PipelineStackTestCase {
  /// Scrapes `port` until `condition` holds on the samples, or `timeout` passes; the last scrape.
  private func scrape(
    _ port: UInt16, timeout: Double, until condition: ([PrometheusSample]) -> Bool = { _ in true }
  ) -> [PrometheusSample] {
    let deadline = Date().addingTimeInterval(timeout)
    var samples: [PrometheusSample] = []
    repeat {
      if let answer = MetricsHTTPClient.get(port: port, path: "/metrics") {
        XCTAssertEqual(answer.status, 200)
        samples = PrometheusSample.parse(answer.body)
        if condition(samples) { return samples }
      }
      usleep(200_000)
    } while Date() < deadline
    return samples
  }

  private func value(_ samples: [PrometheusSample], _ name: String, _ labels: [String: String] = [:])
    -> Double?
  {
    samples.first { $0.name == name && $0.labels == labels }?.value
  }

  func testRedisRestartIsCountedTimedAndShownByHealthz() throws {
    let stack = try requireStack()
    let prefix = "t-metrics:"
    let port = try FreePort.allocate()
    let fleet = WorkerFleet(environment: stack.environment(prefix: prefix))
    defer { fleet.stopAll() }
    try stack.feed(40, prefix: prefix)
    try fleet.start("downloader", extra: ["METRICS_PORT": "\(port)"])
    for role in ["scanner", "translator", "consumer"] { try fleet.start(role) }
    XCTAssertTrue(try stack.waitUntilClean(40, prefix: prefix, timeout: 60).isClean)

    let before = scrape(port, timeout: 10) {
      self.value($0, "jobs_processed_total", ["stage": "download"]) == 40
    }
    XCTAssertEqual(value(before, "jobs_processed_total", ["stage": "download"]), 40, "\(before)")
    XCTAssertEqual(value(before, "health_check_status", ["service": "redis"]), 1)
    XCTAssertEqual(value(before, "health_check_status", ["service": "rabbitmq"]), 1)
    XCTAssertEqual(value(before, "reconnect_success_total", ["service": "redis"]), 0)
    XCTAssertEqual(value(before, "jobs_in_flight"), 0)
    XCTAssertEqual(MetricsHTTPClient.get(port: port, path: "/healthz")?.status, 200)

    stack.redis.stop()
    var unhealthy: (status: Int, body: String)?
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      unhealthy = MetricsHTTPClient.get(port: port, path: "/healthz")
      if unhealthy?.status == 503 { break }
      usleep(100_000)
    }
    XCTAssertEqual(unhealthy?.status, 503)
    XCTAssertTrue(unhealthy?.body.hasPrefix("redis: ") ?? false, unhealthy?.body ?? "no answer")
    let down = scrape(port, timeout: 5)
    XCTAssertEqual(value(down, "health_check_status", ["service": "redis"]), 0)
    usleep(1_500_000)
    try stack.redis.start()

    let after = scrape(port, timeout: 20) {
      self.value($0, "reconnect_success_total", ["service": "redis"]) == 1
    }
    XCTAssertEqual(value(after, "reconnect_success_total", ["service": "redis"]), 1, "\(after)")
    XCTAssertGreaterThanOrEqual(value(after, "reconnect_attempts_total", ["service": "redis"]) ?? 0, 1)
    XCTAssertEqual(value(after, "reconnect_failure_total", ["service": "redis"]), 0)
    XCTAssertEqual(value(after, "health_check_status", ["service": "redis"]), 1)
    XCTAssertEqual(value(after, "reconnect_duration_seconds_count", ["service": "redis"]), 1)
    let outage = try XCTUnwrap(value(after, "reconnect_duration_seconds_sum", ["service": "redis"]))
    XCTAssertGreaterThan(outage, 1.4, "Redis was down at least 1.5 s")
    XCTAssertEqual(value(after, "reconnect_success_total", ["service": "rabbitmq"]), 0)
    XCTAssertEqual(MetricsHTTPClient.get(port: port, path: "/healthz")?.status, 200)
    XCTAssertEqual(MetricsHTTPClient.get(port: port, path: "/nothing")?.status, 404)
    XCTAssertEqual(fleet.count("Redis reconnection successful", role: "downloader"), 1)
  }

  func testAPortOutsideItsRangeOrInUseExitsTwo() throws {
    let stack = try requireStack()
    let fleet = WorkerFleet(environment: stack.environment(prefix: "t-metrics-bad:"))
    defer { fleet.stopAll() }
    let outside = try fleet.start("consumer", extra: ["METRICS_PORT": "70000"])
    XCTAssertEqual(outside.wait(timeout: 10), 2)
    let port = try FreePort.allocate()
    let first = try fleet.start("consumer", extra: ["METRICS_PORT": "\(port)"])
    _ = scrape(port, timeout: 10)
    let second = try fleet.start("consumer", extra: ["METRICS_PORT": "\(port)"])
    XCTAssertEqual(second.wait(timeout: 10), 2)
    XCTAssertTrue(first.isRunning)
  }
}
