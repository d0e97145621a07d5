import Foundation
import Scenario
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class ReportTests: XCTestCase {
  private func outcomes() -> [RunOutcome] {
    var clean = RecordedJournal()
    clean.cleanRun()
    clean.journal.scenario.name = "redis <restart> & \"friends\""
    clean.journal.startedAt = Date(timeIntervalSince1970: 1_800_000_000.25)
    clean.journal.results = [
      clean.evaluate(JobsDoneChecker(within: 60)), clean.evaluate(LostChecker(maximum: 0)),
      clean.evaluate(LogChecker(LogExpectation(pattern: .text("never logged \u{1}")))),
    ]
    var broken = RecordedJournal()
    broken.journal.scenario.name = "broken"
    return [
      RunOutcome(status: .failed, journal: clean.journal, wallTime: 12.5),
      RunOutcome(
        status: .couldNotRun("redis-server not found\nsecond line"), journal: broken.journal, wallTime: 0.25),
    ]
  }

  func testJUnitIsWellFormedWithTheRightCounts() throws {
    let xml = JUnitReport.render(outcomes())
    let document = try XMLDocument(data: Data(xml.utf8), options: [])
    let root = try XCTUnwrap(document.rootElement())
    XCTAssertEqual(root.name, "testsuites")
    XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "4")
    XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "1")
    XCTAssertEqual(root.attribute(forName: "errors")?.stringValue, "1")
    XCTAssertEqual(root.attribute(forName: "time")?.stringValue, "12.750")
    let suites = root.elements(forName: "testsuite")
    XCTAssertEqual(suites.count, 2)
    XCTAssertEqual(suites[0].attribute(forName: "name")?.stringValue, "redis <restart> & \"friends\"")
    let cases = suites[0].elements(forName: "testcase")
    XCTAssertEqual(cases.count, 3)
    XCTAssertEqual(cases.filter { !$0.elements(forName: "failure").isEmpty }.count, 1)
    let failure = try XCTUnwrap(cases[2].elements(forName: "failure").first)
    XCTAssertEqual(failure.attribute(forName: "message")?.stringValue, "0 matching lines, expected >= 1")
    XCTAssertTrue(failure.stringValue?.contains("recorded.scn:20:5") == true)
    XCTAssertEqual(suites[0].attribute(forName: "tests")?.stringValue, "3")
    XCTAssertEqual(suites[0].attribute(forName: "failures")?.stringValue, "1")
    let error = try XCTUnwrap(suites[1].elements(forName: "testcase").first?.elements(forName: "error").first)
    XCTAssertEqual(error.attribute(forName: "message")?.stringValue, "redis-server not found")
    XCTAssertEqual(suites[1].attribute(forName: "errors")?.stringValue, "1")
  }

  func testTheJSONJournalDecodes() throws {
    let original = outcomes()
    let data = try JournalFile.encode(original)
    let decoded = try JournalFile.decode(data)
    XCTAssertEqual(decoded.scenarios.count, 2)
    XCTAssertEqual(decoded.scenarios[0].journal, original[0].journal)
    XCTAssertEqual(decoded.scenarios[0].status, "failed")
    XCTAssertEqual(decoded.scenarios[0].exitCode, 1)
    XCTAssertEqual(decoded.scenarios[1].exitCode, 2)
    XCTAssertEqual(decoded.scenarios[0].journal.events.first?.fields?["job"], .string("doc-000001"))
  }

  func testTheResultTableMarksEachExpectation() {
    let lines = ResultTable.render(outcomes()[0].journal.results)
    XCTAssertTrue(lines[0].hasPrefix(" ✔ jobs: all done within 60s"), lines[0])
    XCTAssertTrue(lines.contains { $0.hasPrefix(" ✘ log: never logged") }, "\(lines)")
    XCTAssertTrue(lines.contains("     (recorded.scn:20:5)"))
  }

  func testProgressAndConsole() {
    XCTAssertEqual(
      ProgressText.line(time: 3.25, fed: 120, done: 80, jobs: 300, width: 10),
      "[  3.2s] fed 120/300  done  80/300 [##--------]")
    let output = Lines()
    let console = Console(interactive: false) { output.append($0) }
    console.progress("p1")
    console.progress("p2")
    console.line("step")
    XCTAssertEqual(
      output.lines, ["p1\n", "step\n"], "plain progress lines are rate-limited on a non-terminal")
  }
}
