import Foundation
import LocalServices
import XCTest

/// Issue 13 item 2: SIGHUP (a closed terminal, a CI runner's hang-up) tears `chaos run` down like
/// SIGTERM: exit 2, every child stopped, the temp dir removed.
final class HangUpTests: XCTestCase {
  func testSIGHUPTearsDownLikeSIGTERM() throws {
    let run = try HarnessCommandRun("chaos-test-sighup")
    defer { run.cleanUp() }
    let scenario = try run.file("small.scn", SmallStackScenario.text(name: "sighup", jobs: 300))
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos,
      arguments: ["run", scenario, "--json", run.work.file("out.json")],
      environment: run.environment, output: .lines { output.append($0) })
    let deadline = Date().addingTimeInterval(60)
    while !output.text.contains("cut redis for 500ms: over") && Date() < deadline && chaos.isRunning {
      usleep(100_000)
    }
    let started = ProcessProbe.descendants(of: chaos.pid)
    XCTAssertTrue(started.contains { $0.command.contains("beam.smp") }, output.text)
    chaos.send(SIGHUP)
    XCTAssertEqual(chaos.wait(timeout: 40), 2, output.text)
    XCTAssertTrue(output.text.contains("SIGHUP: stopping everything this run started"), output.text)
    XCTAssertTrue(output.text.contains("could not run: interrupted by SIGHUP"), output.text)
    XCTAssertEqual(ProcessProbe.survivors(started.map(\.pid), timeout: 2), [])
    XCTAssertEqual(run.leftDirectories, [], "temp dir left behind")
  }
}
