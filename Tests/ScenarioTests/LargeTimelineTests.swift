import Foundation
import Harness
import Scenario
import XCTest

/// Issue 13 item 7: validation is linear in the timeline (the pair loop took 35–56 s for 8 000
/// steps); four times the steps cost about four times as much, and overlaps are still found.
final class LargeTimelineTests: XCTestCase {
  private func scenario(steps: Int, overlapAt: Int? = nil) -> String {
    var lines = [
      "name: big", "deadline: 1380m", "services:", "  redis: redis", "proxies:", "  p: { to: redis }",
    ]
    lines.append("timeline:")
    for index in 0..<steps {
      let verb = ["cut", "blackhole", "delay"][index % 3]
      let extra = verb == "delay" ? ", latency: 9ms" : ""
      let start = index == overlapAt ? (index - 1) * 3 : index * 3
      lines.append("  - {at: \(start)s, \(verb): p\(extra), for: 1s}")
    }
    lines += ["expect:", "  - no crash", ""]
    return lines.joined(separator: "\n")
  }

  /// CPU time of this thread, in seconds: what the parse costs, whatever else the machine runs.
  private func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// Cheapest of three parses, in CPU seconds of this thread.
  private func parseCost(steps: Int) throws -> Double {
    let text = scenario(steps: steps)
    var cheapest = Double.infinity
    for _ in 0..<3 {
      let started = threadCPUTime()
      let model = try ScenarioParser.parse(text: text, file: "big.scn")
      cheapest = min(cheapest, threadCPUTime() - started)
      XCTAssertEqual(model.timeline.count, steps)
    }
    return cheapest
  }

  /// Linear, not quadratic: four times the steps cost about four times as much (a pair loop
  /// would cost sixteen times). A ratio measured side by side in one run, not a wall-clock bound:
  /// the machine this runs on is shared.
  func testFourTimesTheStepsCostAboutFourTimesAsMuch() throws {
    let small = try parseCost(steps: 2_000)
    let large = try parseCost(steps: 8_000)
    print("parse: 2 000 steps \(small) s, 8 000 steps \(large) s of CPU time, ratio \(large / small)")
    XCTAssertLessThan(large / small, 10, "2 000 steps: \(small) s, 8 000 steps: \(large) s")
  }

  func testAnOverlapAmongThousandsOfStepsIsStillFound() {
    // Step 6 000 (a cut) starts with step 5 999 (a delay, 1 s long): a conflict.
    let text = scenario(steps: 8_000, overlapAt: 6_000)
    XCTAssertThrowsError(try ScenarioParser.parse(text: text, file: "big.scn")) { error in
      let message = "\(error)"
      XCTAssertTrue(
        message.contains(
          "'cut' on proxy 'p' from 17997s to 17998s overlaps 'delay' on the same proxy from 17997s to 17998s"),
        message)
    }
  }
}
