import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class SuiteRunnerTests: XCTestCase {
  func testADirectoryRunsEveryScenarioInOrderAndWritesTheReports() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-suite")
    defer { directory.remove() }
    for name in ["b-second.scn", "a-first.scn", "c-broken.scn", "notes.txt"] {
      try "".write(toFile: directory.file(name), atomically: true, encoding: .utf8)
    }
    let here = SourceLocation(file: "suite", line: 1, column: 1)
    var loaded: [String] = []
    let output = Lines()
    let outcome = SuiteRunner.run(
      paths: [directory.path],
      options: RunOptions(console: Console(interactive: false) { output.append($0) }),
      junit: directory.file("out.xml"), json: directory.file("out.json")
    ) { path in
      loaded.append((path as NSString).lastPathComponent)
      if path.hasSuffix("c-broken.scn") {
        throw HarnessError.invalid("\(path):3:7: unknown key \"servics\" (did you mean \"services\"?)")
      }
      let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
      var expectations = [Expectation(kind: NoCrashChecker(), location: here)]
      if name == "b-second" {
        expectations.append(
          Expectation(kind: ExitCountChecker(count: CountComparison(.atLeast, 1)), location: here))
      }
      return ScenarioModel(file: path, name: name, expectations: expectations)
    }
    XCTAssertEqual(loaded, ["a-first.scn", "b-second.scn", "c-broken.scn"])
    XCTAssertEqual(outcome.outcomes.map(\.exitCode), [0, 1, 2])
    XCTAssertEqual(outcome.exitCode, 2)
    XCTAssertTrue(output.lines.contains("1 of 3 scenarios passed\n"), output.lines.joined())
    // The summary at the end of the output (what a CI log's tail shows) names what failed.
    let summary = output.lines.drop { $0 != "Summary:\n" }.joined()
    XCTAssertTrue(summary.contains("✘ b-second: 1 of 2 failed"), summary)
    XCTAssertTrue(summary.contains("      ✘ exits: >= 1: 0 worker exits (>= 1)\n"), summary)
    let xml = try XMLDocument(contentsOf: URL(fileURLWithPath: directory.file("out.xml")), options: [])
    XCTAssertEqual(xml.rootElement()?.attribute(forName: "tests")?.stringValue, "4")
    XCTAssertEqual(xml.rootElement()?.attribute(forName: "failures")?.stringValue, "1")
    XCTAssertEqual(xml.rootElement()?.attribute(forName: "errors")?.stringValue, "1")
    let journal = try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: directory.file("out.json"))))
    XCTAssertEqual(journal.scenarios.map(\.journal.scenario.name), ["a-first", "b-second", "c-broken"])
    XCTAssertTrue(journal.scenarios[2].status.contains("did you mean"))
  }

  func testAMissingPathIsExitTwo() {
    let outcome = SuiteRunner.run(paths: ["/nonexistent/scenarios"], options: RunOptions()) { _ in
      XCTFail("nothing to load")
      return ScenarioModel(file: "", name: "")
    }
    XCTAssertEqual(outcome.exitCode, 2)
    XCTAssertEqual(
      outcome.outcomes.first?.journal.errors, ["/nonexistent/scenarios: error: no such file or directory"])
  }

  /// `-j 3`: three scenarios whose workload command sleeps 3 s run at the same time (the suite
  /// takes well under the 9 s they take one by one), each one's lines come out as one block, and
  /// the outcomes and the JSON keep the suite's order.
  func testWithThreeJobsScenariosRunAtOnceEachPrintedAsOneBlock() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-suite-jobs")
    defer { directory.remove() }
    for name in ["a", "b", "c"] {
      let text = """
        name: \(name)
        deadline: 20s
        workload:
          command: ["/bin/sh", "-c", "echo \(name) fed; sleep 3"]
        expect:
          - no crash

        """
      try text.write(toFile: directory.file("\(name).scn"), atomically: true, encoding: .utf8)
    }
    let output = Lines()
    let outcome = SuiteRunner.run(
      paths: [directory.path],
      options: RunOptions(console: Console(interactive: false) { output.append($0) }), jobs: 3,
      json: directory.file("out.json")
    ) { try ScenarioParser.parse(contentsOf: $0) }
    let console = output.lines.joined()
    XCTAssertEqual(outcome.outcomes.map(\.status), [.passed, .passed, .passed], console)
    XCTAssertEqual(outcome.outcomes.map(\.journal.scenario.name), ["a", "b", "c"])
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertGreaterThanOrEqual(timing.timelineTime, 9, console)
    XCTAssertLessThan(timing.wallTime, 8, "one by one they take at least 9 s\n\(console)")
    let lines = console.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains("running 3 scenarios, 3 at a time"), console)
    for name in ["a", "b", "c"] {
      let first = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("▶ \(name)") }, console)
      let last = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("✔ \(name):") }, console)
      XCTAssertLessThan(first, last, console)
      let block = lines[first...last]
      let others = ["a", "b", "c"].filter { $0 != name }
      XCTAssertFalse(
        block.contains { line in others.contains { line.hasPrefix("▶ \($0)") || line.hasPrefix("✔ \($0):") }
        },
        "\(name)'s block is interleaved with another scenario's\n\(console)")
    }
    let journal = try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: directory.file("out.json"))))
    XCTAssertEqual(journal.scenarios.map(\.journal.scenario.name), ["a", "b", "c"])
  }
}
