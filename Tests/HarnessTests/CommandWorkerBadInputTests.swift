import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// Bad input from a command worker is exit 2 naming the scenario's `file:line:column` and showing
/// what the command wrote last: a program that does not exist, one that exits at once, one that
/// never logs its `ready:` line. An unknown placeholder is caught by `chaos validate`.
final class CommandWorkerBadInputTests: XCTestCase {
  private func outcome(_ workers: String, readyTimeout: Double = 2) throws -> (RunOutcome, String) {
    let work = try TemporaryDirectory(prefix: "chaos-test-byo-bad")
    defer { work.remove() }
    let file = work.file("bad.scn")
    try "name: bad\ndeadline: 10s\nworkers:\n\(workers)".write(
      toFile: file, atomically: true, encoding: .utf8)
    let model = try ScenarioParser.parse(contentsOf: file)
    let output = Lines()
    var options = RunOptions(console: Console(interactive: false) { output.append($0) })
    options.commandReadyTimeout = readyTimeout
    let outcome = ScenarioRunner.run(model, options: options)
    return (outcome, output.lines.joined().replacingOccurrences(of: work.path, with: "DIR"))
  }

  func testAProgramThatDoesNotExist() throws {
    let (outcome, console) = try outcome("  w:\n    command: [\"no-such-program-7f3a\", \"--x\"]\n")
    XCTAssertEqual(outcome.exitCode, 2, console)
    XCTAssertTrue(
      console.contains(
        "DIR/bad.scn:5:14: the program of worker w cannot be run: 'no-such-program-7f3a' is not in PATH"),
      console)
    XCTAssertNil(outcome.journal.directory, "refused before anything started (ProgramCheck)")
  }

  func testACommandThatExitsAtOnceShowsItsLastLines() throws {
    let (outcome, console) = try outcome(
      "  w:\n    command: \"echo booting; echo 'bad config: QUEUE missing' >&2; exit 3\"\n")
    XCTAssertEqual(outcome.exitCode, 2, console)
    XCTAssertTrue(console.contains("DIR/bad.scn:5:14: worker w.1 ("), console)
    XCTAssertTrue(console.contains("exited with status 3 at once; its last lines:"), console)
    XCTAssertTrue(console.contains("| booting"), console)
    XCTAssertTrue(console.contains("| bad config: QUEUE missing"), console)
  }

  func testACommandThatExitsBeforeItIsReady() throws {
    let (outcome, console) = try outcome(
      "  w:\n    command: \"echo starting; exit 1\"\n    ready: /listening on \\d+/\n")
    XCTAssertEqual(outcome.exitCode, 2, console)
    XCTAssertTrue(
      console.contains("exited with status 1 before it was ready (ready: /listening on \\d+/)"), console)
    XCTAssertTrue(console.contains("| starting"), console)
  }

  func testACommandThatNeverBecomesReady() throws {
    let (outcome, console) = try outcome(
      "  w:\n    command: [\"/bin/sh\", \"-c\", \"echo still warming up; sleep 30\"]\n    ready: up and running\n",
      readyTimeout: 1.5)
    XCTAssertEqual(outcome.exitCode, 2, console)
    XCTAssertTrue(
      console.contains(
        "DIR/bad.scn:5:14: worker w.1 (`/bin/sh -c echo still warming up; sleep 30`) was not ready "
          + "within 1.5s: no line matched up and running"), console)
    XCTAssertTrue(console.contains("| still warming up"), console)
    XCTAssertEqual(
      processes(containing: "still warming up"), [], "the worker and its shell's children stopped")
  }

  func testChaosValidateNamesAnUnknownPlaceholder() throws {
    let chaos = try ChaosExecutable.locate()
    let work = try TemporaryDirectory(prefix: "chaos-test-byo-validate")
    defer { work.remove() }
    let file = work.file("p.scn")
    try """
    name: p
    services: { redis: redis }
    proxies: { redis: { to: redis } }
    workers:
      w:
        command: ["python3", "w.py"]
        env: { REDIS_URL: "redis://{proxy.redsi}/0" }
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let output = OutputLines()
    let child = try ChildProcess(
      name: "chaos", executable: chaos, arguments: ["validate", file], output: .lines { output.append($0) })
    let status = child.wait(timeout: 30) ?? child.terminate(grace: 2)
    usleep(100_000)
    XCTAssertEqual(status, 2, output.text)
    XCTAssertTrue(
      output.text.contains(
        "\(file):7:32: error: {proxy.redsi} names unknown proxy 'redsi'; did you mean 'redis'?"),
      output.text)
  }

  /// Command lines of running processes that contain `text`.
  private func processes(containing text: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { Int($0) != nil }.compactMap { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
      let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      return command.contains(text) ? command : nil
    }
  }
}
