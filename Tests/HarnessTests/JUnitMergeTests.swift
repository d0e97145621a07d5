import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `chaos junit merge`: the JUnit files of two shards, written by the real JUnit writer, merge into
/// the test list of a one-machine run; bad input exits 2 naming the file.
final class JUnitMergeTests: XCTestCase {
  /// An outcome per file of the real suite, as `chaos run` would record it: one failed, one that
  /// could not run, the others passed.
  private func outcomes(_ files: [String]) -> [RunOutcome] {
    files.enumerated().map { position, file in
      var recorded = RecordedJournal()
      recorded.cleanRun()
      recorded.journal.scenario.file = file
      recorded.journal.scenario.name =
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
      recorded.journal.startedAt = Date(timeIntervalSince1970: 1_800_000_000)
      recorded.journal.results = [
        recorded.evaluate(JobsDoneChecker(within: 60)), recorded.evaluate(LostChecker(maximum: 0)),
      ]
      if position == 1 {
        recorded.journal.results.append(
          recorded.evaluate(LogChecker(LogExpectation(pattern: .text("never logged")))))
        return RunOutcome(status: .failed, journal: recorded.journal, wallTime: 10)
      }
      if position == 2 {
        recorded.journal.results = []
        return RunOutcome(
          status: .couldNotRun("redis-server not found"), journal: recorded.journal, wallTime: 1)
      }
      return RunOutcome(status: .passed, journal: recorded.journal, wallTime: Double(10 + position))
    }
  }

  /// (suite, file, its testcases) of each `<testsuite>`, and the root's counts.
  private func testList(_ xml: String) throws -> (suites: [String], counts: [String]) {
    let root = try XCTUnwrap(try XMLDocument(data: Data(xml.utf8), options: []).rootElement())
    XCTAssertEqual(root.name, "testsuites")
    let suites = root.elements(forName: "testsuite").map { suite in
      let cases = suite.elements(forName: "testcase").map { $0.attribute(forName: "name")?.stringValue ?? "" }
      return [
        suite.attribute(forName: "name")?.stringValue ?? "",
        suite.attribute(forName: "file")?.stringValue ?? "",
      ]
      .joined(separator: " @ ") + ": " + cases.joined(separator: " | ")
    }
    let counts = ["tests", "failures", "errors"].map {
      "\($0)=\(root.attribute(forName: $0)?.stringValue ?? "")"
    }
    return (suites, counts)
  }

  func testTheMergedJUnitOfTwoShardsIsTheOneMachineRunsTestList() throws {
    let (files, _) = ScenarioFiles.expand([SuiteShardTests.suite])
    let all = outcomes(files)
    var timings = ScenarioTimings()
    for outcome in all { timings.record(outcome.wallTime, for: outcome.journal.scenario.file) }
    let work = try TemporaryDirectory(prefix: "chaos-test-merge")
    defer { work.remove() }
    var shardFiles: [String] = []
    for index in [2, 1] {  // given out of order: the merge orders the suites by file
      let share = Set(try SuiteShard(index: index, count: 2).files(of: files, timings: timings))
      let shardOutcomes = all.filter { share.contains($0.journal.scenario.file) }
      XCTAssertFalse(shardOutcomes.isEmpty)
      let path = work.file("shard-\(index).xml")
      try JUnitReport.render(shardOutcomes).write(toFile: path, atomically: true, encoding: .utf8)
      shardFiles.append(path)
    }
    let merged = try JUnitMerge.merge(files: shardFiles)
    let oneMachine = try testList(JUnitReport.render(all))
    let fromShards = try testList(merged)
    XCTAssertEqual(fromShards.suites, oneMachine.suites)
    XCTAssertEqual(fromShards.counts, oneMachine.counts)
    XCTAssertEqual(fromShards.suites.count, files.count)
    XCTAssertTrue(merged.contains("skipped=\"0\""), merged)
  }

  func testTheCommandMergesAndNamesABadFile() throws {
    let chaos = try ChaosExecutable.locate()
    let work = try TemporaryDirectory(prefix: "chaos-test-merge-cli")
    defer { work.remove() }
    let all = outcomes(["s/a.scn", "s/b.scn", "s/c.scn", "s/d.scn"])
    try JUnitReport.render(Array(all.prefix(2))).write(
      toFile: work.file("a.xml"), atomically: true, encoding: .utf8)
    try JUnitReport.render(Array(all.suffix(2))).write(
      toFile: work.file("b.xml"), atomically: true, encoding: .utf8)
    let ok = try CommandOutput.run(
      chaos, ["junit", "merge", work.file("a.xml"), work.file("b.xml"), "-o", work.file("merged.xml")])
    XCTAssertEqual(ok.status, 0, ok.output)
    let merged = try String(contentsOfFile: work.file("merged.xml"), encoding: .utf8)
    XCTAssertEqual(try testList(merged).suites, try testList(JUnitReport.render(all)).suites)
    XCTAssertEqual(try testList(merged).counts, ["tests=8", "failures=1", "errors=1"])

    try "<testsuites><testsuite name=\"x\" tests=\"two\"></testsuite></testsuites>".write(
      toFile: work.file("bad.xml"), atomically: true, encoding: .utf8)
    let bad = try CommandOutput.run(
      chaos, ["junit", "merge", work.file("a.xml"), work.file("bad.xml"), "-o", work.file("out.xml")])
    XCTAssertEqual(bad.status, 2, bad.output)
    XCTAssertTrue(
      bad.output.contains(
        "\(work.file("bad.xml")): not a JUnit file: testsuite x: tests=\"two\" is not a count"),
      bad.output)
    let absent = try CommandOutput.run(
      chaos, ["junit", "merge", work.file("absent.xml"), "-o", work.file("out.xml")])
    XCTAssertEqual(absent.status, 2, absent.output)
    XCTAssertTrue(absent.output.contains("\(work.file("absent.xml")): cannot be read"), absent.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: work.file("out.xml")))
  }

  func testTheReaderRejectsWhatIsNotJUnit() {
    let cases: [(String, String)] = [
      ("", "no root element"),
      ("<html></html>", "the root is <html>, expected <testsuites> or <testsuite>"),
      ("<testsuites><testsuite name=\"a\">", "</testsuite> missing"),
      ("<testsuites><testcase/></testsuites>", "<testcase> inside <testsuites>, expected <testsuite>"),
      ("<testsuites></testsuites><x/>", "text after the root element"),
      (
        "<testsuites><testsuite name=\"a\"><testsuite/></testsuite></testsuites>",
        "a <testsuite> inside another"
      ),
    ]
    for (text, reason) in cases {
      XCTAssertThrowsError(try JUnitMerge.read(text), text) { XCTAssertEqual("\($0)", reason, text) }
    }
    // A lone <testsuite> root, comments, CDATA holding what looks like a closing tag.
    let lone =
      "<?xml version=\"1.0\"?>\n<!-- c -->\n<testsuite name=\"a\" tests=\"1\" time=\"2.5\">"
      + "<testcase name=\"t\"><system-out><![CDATA[</testsuite>]]></system-out></testcase></testsuite>\n"
    XCTAssertEqual(try JUnitMerge.read(lone).map(\.tests), [1])
    XCTAssertEqual(try JUnitMerge.read(lone).map(\.time), [2.5])
  }

  /// Small fast scenarios run for real: two shards with `--junit` and `--timings`, merged, give the
  /// test list of the one-machine run; the timing file names every scenario that ran.
  func testShardsRunForRealMergeIntoTheOneMachineRun() throws {
    let run = try HarnessCommandRun("chaos-test-shard-run")
    defer { run.cleanUp() }
    let suite = run.work.file("suite")
    try FileManager.default.createDirectory(atPath: suite, withIntermediateDirectories: true)
    for name in ["alpha", "beta", "gamma"] {
      let text = """
        name: \(name)
        seed: 5
        deadline: 30s
        services:
          redis: redis
        timeline:
          - at: 200ms
            restart: redis
            down: 100ms
        expect:
          - no crash

        """
      try text.write(toFile: "\(suite)/\(name).scn", atomically: true, encoding: .utf8)
    }
    func chaos(_ arguments: [String]) throws {
      let output = OutputLines()
      let child = try ChildProcess(
        name: "chaos", executable: run.chaos, arguments: arguments, environment: run.environment,
        output: .lines { output.append($0) })
      let status = child.wait(timeout: 120) ?? child.terminate(grace: 2)
      _ = child.waitForOutputEnd(timeout: 10)
      XCTAssertEqual(status, 0, output.text)
    }
    try chaos([
      "run", suite, "-j", "1", "--junit", run.work.file("all.xml"), "--timings", run.work.file("t.json"),
    ])
    let timings = try ScenarioTimings.read(run.work.file("t.json"))
    XCTAssertEqual(timings.seconds.keys.sorted(), ["alpha.scn", "beta.scn", "gamma.scn"])
    for index in 1...2 {
      try chaos([
        "run", suite, "-j", "1", "--shard", "\(index)/2", "--timings", run.work.file("t.json"), "--junit",
        run.work.file("shard-\(index).xml"),
      ])
    }
    // The shards read the timing file and leave it as it was.
    XCTAssertEqual(try ScenarioTimings.read(run.work.file("t.json")), timings)
    let merged = try JUnitMerge.merge(files: [run.work.file("shard-1.xml"), run.work.file("shard-2.xml")])
    let oneMachine = try testList(String(contentsOfFile: run.work.file("all.xml"), encoding: .utf8))
    XCTAssertEqual(try testList(merged).suites, oneMachine.suites)
    XCTAssertEqual(try testList(merged).counts, oneMachine.counts)
    XCTAssertEqual(oneMachine.suites.count, 3)
    XCTAssertEqual(run.leftDirectories, [])
    XCTAssertEqual(run.survivors(), [])
  }
}
