import Foundation
import LocalServices
import XCTest

/// Issue 13 item 3: `chaos run` killed with SIGKILL takes every child with it (redis-server, epmd,
/// the Erlang VM, the workers), and the next run removes the temp dir it could not remove.
final class ParentDeathTests: XCTestCase {
  func testSIGKILLToChaosRunLeavesNoChildAndTheNextRunRemovesItsTempDir() throws {
    let run = try HarnessCommandRun("chaos-test-sigkill")
    defer { run.cleanUp() }
    let scenario = try run.file("small.scn", SmallStackScenario.text(name: "sigkill", jobs: 300))
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", scenario], environment: run.environment,
      output: .lines { output.append($0) })
    let deadline = Date().addingTimeInterval(60)
    while !output.text.contains("cut redis for 500ms: over") && Date() < deadline && chaos.isRunning {
      usleep(100_000)
    }
    let started = ProcessProbe.descendants(of: chaos.pid)
    for kind in ["redis-server", "epmd", "beam.smp", "chaos-worker"] {
      XCTAssertTrue(
        started.contains { $0.command.contains(kind) }, "no \(kind) running: \(started)\n\(output.text)")
    }
    chaos.send(SIGKILL)
    XCTAssertEqual(chaos.wait(timeout: 5), SIGKILL)
    let survivors = ProcessProbe.survivors(started.map(\.pid), timeout: 5)
    XCTAssertEqual(survivors, [], "children outlived chaos: \(started.filter { survivors.contains($0.pid) })")
    XCTAssertEqual(run.survivors(timeout: 1), [], "processes naming the temp dir")
    let orphans = run.leftDirectories
    XCTAssertEqual(orphans.count, 1, "the killed run's temp dir")

    let quick = try run.file("quick.scn", "name: quick\nservices:\n  redis: redis\nexpect:\n  - no crash\n")
    let next = OutputLines()
    let second = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", quick], environment: run.environment,
      output: .lines { next.append($0) })
    XCTAssertEqual(second.wait(timeout: 30), 0, next.text)
    XCTAssertTrue(next.text.contains("removed \(run.tmp)/\(orphans[0]), left by chaos process"), next.text)
    XCTAssertEqual(run.leftDirectories, [])
  }
}
