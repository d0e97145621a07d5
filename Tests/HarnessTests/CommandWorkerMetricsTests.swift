import Foundation
import Scenario
import XCTest

@testable import Harness

/// A command worker (Python) gets a `METRICS_PORT` of its own when the scenario has a `metric:`
/// expectation, as the built-in workers do, and the harness scrapes it: through a restart of each
/// instance, the counters of both processes of both instances are summed.
final class CommandWorkerMetricsTests: XCTestCase {
  func testACommandWorkerGetsAMetricsPortAndIsScraped() throws {
    try MissingTool.require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3")
    let model = try ScenarioParser.parse(
      contentsOf: BringYourOwnScenarioTests.fixture("byo-metrics/byo-metrics.scn"))
    let output = Lines()
    var options = RunOptions(console: Console(interactive: false) { output.append($0) })
    options.commandReadyTimeout = 30
    let outcome = ScenarioRunner.run(model, options: options)
    let journal = outcome.journal
    XCTAssertEqual(outcome.status, .passed, output.lines.joined())
    let scrapes = try XCTUnwrap(journal.metrics)
    XCTAssertEqual(Set(scrapes.map(\.source)), ["ticker.1", "ticker.2"])
    // Each instance on its own port: two processes each (the restart), all scraped.
    let pids = Set(scrapes.compactMap(\.pid))
    XCTAssertEqual(pids.count, 4, "\(pids)")
    let ports = journal.events.compactMap { event -> String? in
      guard let range = event.text.range(of: "serving metrics on ") else { return nil }
      return String(event.text[range.upperBound...])
    }
    XCTAssertEqual(ports.count, 4)
    XCTAssertEqual(Set(ports).count, 2, "an instance keeps its port across a restart: \(ports)")
  }
}
