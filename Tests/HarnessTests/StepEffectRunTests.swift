import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// Whole runs on a real redis-server and proxy with a shell worker that counts `tick N`: a regex
/// trigger fires and the step's evidence names the PID it killed and the links it reset; a trigger
/// that never comes fails the run (exit 1) with the step's `file:line:column`, an optional one does not.
final class StepEffectRunTests: XCTestCase {
  private static let ticker = """
    workers:
      ticker:
        command: ["/bin/sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done"]
        ready: /tick \\d+/

    """

  private func run(_ text: String) throws -> (RunOutcome, [String]) {
    let model = try ScenarioParser.parse(text: text, file: "fires.scn")
    let output = Lines()
    let options = RunOptions(
      faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) },
      console: Console(interactive: false) { output.append($0) })
    return (ScenarioRunner.run(model, options: options), output.lines)
  }

  func testARegexTriggerFiresAndTheEvidenceSaysWhatTheStepDid() throws {
    let (outcome, console) = try run(
      """
      name: fires
      deadline: 30s
      services: { redis: redis }
      proxies: { redis: { to: redis } }

      """ + Self.ticker + """
        timeline:
          - after: /tick \\d+/
            count: 3
            kill worker: ticker
          - at: 500ms
            reset: redis
        expect:
          - log: /tick \\d+/
            from: ticker
        """)
    XCTAssertEqual(outcome.status, .passed, console.joined(separator: "\n"))
    XCTAssertEqual(outcome.exitCode, 0)
    let journal = outcome.journal
    let kill = journal.timeline[0]
    let killed = try XCTUnwrap(journal.exits.first { $0.requestedSignal == "SIGKILL" })
    XCTAssertNotNil(kill.startedAt)
    XCTAssertEqual(
      kill.effect?.hasPrefix("PID \(killed.pid) sent SIGKILL, ended with status 9; new process "), true,
      "\(kill)")
    XCTAssertEqual(journal.timeline[1].effect, "0 connections reset")
    XCTAssertTrue(console.contains { $0.contains("PID \(killed.pid) sent SIGKILL") }, console.joined())
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [], "children left")
  }

  func testATriggerThatNeverComesFailsTheRunAndAnOptionalOneDoesNot() throws {
    let (outcome, console) = try run(
      "name: never\ndeadline: 2s\n" + Self.ticker + """
        timeline:
          - after: /tock \\d+/
            kill worker: ticker
          - after: never comes
            optional: true
            kill worker: ticker
        expect:
          - log: /tick \\d+/
            from: ticker
        """)
    XCTAssertEqual(outcome.status, .failed, console.joined(separator: "\n"))
    XCTAssertEqual(outcome.exitCode, 1)
    let failed = outcome.journal.results.filter { !$0.passed }
    XCTAssertEqual(failed.map(\.location), ["fires.scn:8:5"])
    XCTAssertEqual(failed.first?.summary, #"never fired: /tock \d+/ was logged 0 of 1 time"#)
    XCTAssertTrue(
      console.contains {
        $0.hasPrefix(#"✘ step fires.scn:8:5 never fired: /tock \d+/ was logged 0 of 1 time"#)
      },
      console.joined(separator: "\n"))
    XCTAssertTrue(outcome.journal.exits.allSatisfy { $0.requestedSignal != "SIGKILL" }, "nothing was killed")
    let junit = JUnitReport.render([outcome])
    XCTAssertTrue(junit.contains("never fired: /tock"), junit)
  }
}
