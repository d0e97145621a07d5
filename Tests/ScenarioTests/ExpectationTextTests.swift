import Harness
import XCTest

@testable import Scenario

/// Each kind's report text (console, JSON, JUnit, HTML), as the parser reads the kind from a file.
final class ExpectationTextTests: XCTestCase {
  func testEveryKindDescribesItselfAsTheReportsShowIt() throws {
    let model = try ScenarioParser.parse(
      text: """
        name: texts
        services: { redis: redis, rabbitmq: rabbitmq }
        workers: { downloader: 2, scanner: 1 }
        expect:
          - jobs: all done
            within: 90s
          - jobs: all done
          - duplicates: 0
          - lost: 2
          - acks: balanced
          - log: /reconnect(ion)? successful/
            from: downloader#2
            count: "< 5"
            after: 3s
            before: worker.stopped
            within: 1.5s
          - log: Redis reconnection successful
          - recovery: redis
            within: 3s
          - backoff: redis
          - backoff: rabbitmq
            tolerance: 12.5%
            schedule: { initial: 0.3s, max: 3s, factor: 2, double_after: 3 }
          - no crash
          - metric: 'reconnect_success_total{service="redis"}'
            value: ">= 2"
            within: 30s
          - metric: jobs_in_flight
        """, file: "texts.scn")
    XCTAssertEqual(
      model.expectations.map(\.kind.description),
      [
        "jobs: all done within 90s",
        "jobs: all done",
        "duplicates: 0",
        "lost: 2",
        "acks: balanced",
        "log: /reconnect(ion)? successful/ from downloader#2 count < 5 after 3s before \"worker.stopped\" within 1.5s",
        "log: Redis reconnection successful",
        "recovery: redis within 3s",
        "backoff: redis (tolerance 20%)",
        "backoff: rabbitmq (tolerance 13%; initial 0.3 s, max 3 s, ×2, doubled again from failure 3)",
        "no crash",
        "metric: reconnect_success_total{service=\"redis\"} >= 2 within 30s",
        "metric: jobs_in_flight >= 1",
      ])
    XCTAssertTrue(model.scrapesMetrics, "a metric: claim turns scraping on")
  }
}
