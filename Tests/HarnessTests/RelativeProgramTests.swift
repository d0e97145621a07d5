import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// A command worker's relative program (`["./bin/gow"]` with `cwd: app`) is found under its `cwd`,
/// as exec after chdir finds it, not from where `chaos` runs; a program that is not there is
/// refused by `chaos validate` and by `chaos run` before anything starts.
final class RelativeProgramTests: XCTestCase {
  private func scenario(program: String) throws -> (TemporaryDirectory, String) {
    let directory = try TemporaryDirectory(prefix: "chaos-relative")
    try FileManager.default.createDirectory(
      atPath: directory.file("app/bin"), withIntermediateDirectories: true)
    let script = directory.file("app/bin/gow")
    try "#!/bin/sh\ni=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done\n".write(
      toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    let file = directory.file("rel.scn")
    try """
    name: rel
    deadline: 20s
    workers:
      gow:
        command: ["\(program)"]
        cwd: app
        ready: /tick \\d+/
    timeline:
      - after: /tick \\d+/
        kill worker: gow
    expect:
      - log: /tick \\d+/
        from: gow
    """.write(toFile: file, atomically: true, encoding: .utf8)
    return (directory, file)
  }

  func testARelativeProgramRunsFromTheWorkersCwd() throws {
    let (directory, file) = try scenario(program: "./bin/gow")
    defer { directory.remove() }
    XCTAssertNotEqual(FileManager.default.currentDirectoryPath, directory.file("app"))
    let model = try ScenarioParser.parse(contentsOf: file)
    let output = Lines()
    let outcome = ScenarioRunner.run(
      model, options: RunOptions(console: Console(interactive: false) { output.append($0) }))
    XCTAssertEqual(outcome.status, .passed, output.lines.joined())
    XCTAssertTrue(outcome.journal.events.contains { $0.matchText == "tick 1" })
    XCTAssertEqual(outcome.journal.timeline.first?.effect?.contains("sent SIGKILL"), true)
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [], "children left")
  }

  func testAProgramThatIsNotThereIsRefusedByValidateAndRun() throws {
    let (directory, file) = try scenario(program: "./bin/nope")
    defer { directory.remove() }
    let report = ScenarioFileReport.validate(
      paths: [file], expectationKinds: Checkers.kinds, runProblems: ProgramCheck.problems)
    XCTAssertFalse(report.allValid)
    let expected =
      "\(file):5:14: the program of worker gow cannot be run: \(directory.file("app/bin/nope")) is not an executable file"
    XCTAssertEqual(report.lines.map(\.text), [expected])
    let outcome = ScenarioRunner.run(try ScenarioParser.parse(contentsOf: file))
    XCTAssertEqual(outcome.status, .couldNotRun(expected))
    XCTAssertNil(outcome.journal.directory, "refused before anything started")
  }
}
