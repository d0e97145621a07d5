import Harness
import Scenario
import XCTest

/// `stream:` and `toxicity:` on proxy fault steps, in the timeline and in `soak:`.
final class ToxicScopeTests: XCTestCase {
  private func scenario(timeline: String, soak: String = "") -> String {
    """
    name: one-way
    services: { redis: redis, rabbitmq: rabbitmq }
    proxies: { redis: { to: redis } }
    workers: { scanner: 1 }
    workload: { rate: 10/s }
    timeline:
    \(timeline)
    \(soak)
    expect:
      - jobs: all done
    """
  }

  func testStreamsAndToxicityAreReadWithTheirDefaults() throws {
    let text = scenario(
      timeline: """
          - at: 1s
            blackhole: redis
            stream: upstream
            for: 1s
          - at: 3s
            delay: redis
            latency: 100ms
            stream: both
            toxicity: 0.25
            for: 1s
          - at: 5s
            throttle: redis
            rate: 10KB/s
            for: 1s
          - at: 7s
            blackhole: redis
            for: 1s
        """,
      soak: """
        soak:
          faults:
            - slice: redis
              size: 1
              stream: upstream
              toxicity: 0.5
              every: 20-60s
              for: 2s
        """)
    let model = try ScenarioParser.parse(text: text, file: "one-way.scn")
    let faults = model.timeline.map(\.action.fault)
    XCTAssertEqual(faults[0] as? BlackholeFault, BlackholeFault(proxy: "redis", scope: ToxicScope(.upstream)))
    XCTAssertEqual(
      faults[1] as? DelayFault,
      DelayFault(proxy: "redis", latencyMs: 100, jitterMs: 0, scope: ToxicScope(.both, toxicity: 0.25)))
    XCTAssertEqual((faults[2] as? ThrottleFault)?.scope, ToxicScope(.downstream))
    XCTAssertEqual((faults[3] as? BlackholeFault)?.scope, ToxicScope(.both))
    XCTAssertEqual(model.timeline[0].action.description, "blackhole redis (upstream)")
    XCTAssertEqual(model.timeline[1].action.description, "delay redis (latency 100ms, both, toxicity 0.25)")
    XCTAssertEqual(model.timeline[3].action.description, "blackhole redis")
    let soaked = try XCTUnwrap(model.soak?.faults.first?.action.fault as? SliceFault)
    XCTAssertEqual(soaked.scope, ToxicScope(.upstream, toxicity: 0.5))
  }

  func testBadStreamsAndToxicitiesAreReportedWithTheirPlace() {
    let text = scenario(
      timeline: """
          - at: 1s
            blackhole: redis
            stream: sideways
            for: 1s
          - at: 3s
            delay: redis
            latency: 100ms
            toxicity: 1.5
            for: 1s
          - at: 5s
            cut: redis
            stream: upstream
            for: 1s
          - at: 7s
            throttle: redis
            rate: 1KB/s
            toxicity: -0.5
            for: 1s
        """,
      soak: """
        soak:
          faults:
            - delay: redis
              latency: 1s
              toxicity: lots
              every: 20-60s
              for: 2s
        """)
    XCTAssertThrowsError(try ScenarioParser.parse(text: text, file: "x.scn")) { error in
      let lines = "\(error)".split(separator: "\n").map(String.init)
      XCTAssertEqual(
        lines,
        [
          "x.scn:9:13: error: 'stream' must be upstream, downstream or both (upstream: to the service, "
            + "downstream: from it), found 'sideways'",
          "x.scn:14:15: error: 'toxicity' must be a share of connections from 0 to 1, like 0.5, found '1.5'",
          "x.scn:18:5: error: 'stream' does not apply to 'cut'; it goes with 'delay', 'blackhole', 'throttle', "
            + "'slice'",
          "x.scn:23:15: error: 'toxicity' must be a share of connections from 0 to 1, like 0.5, found '-0.5'",
          "x.scn:29:17: error: 'toxicity' must be a share of connections from 0 to 1, like 0.5, found 'lots'",
        ])
    }
  }
}
