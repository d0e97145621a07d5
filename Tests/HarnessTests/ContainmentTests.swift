import Foundation
import LocalServices
import XCTest

/// Issue 19 item 2: nothing a run starts outlives it — background children of a workload that
/// exited, a grandchild that called setsid, and the whole tree after SIGKILL or SIGTERM of `chaos`.
/// Processes are counted by what the run started: every one inherits the run's private TMPDIR in
/// its environment (`HarnessCommandRun.survivors`), whatever its name or session.
final class ContainmentTests: XCTestCase {
  /// A workload that leaves a background child and a setsid grandchild behind and then exits, or
  /// (`waits`) stays until the run is stopped.
  private func scenario(_ run: HarnessCommandRun, waits: Bool) throws -> String {
    let script = try run.file(
      "leave.sh",
      """
      #!/bin/sh
      sleep 300 &
      setsid sh -c 'sleep 301' &
      \(waits ? "echo started; exec sleep 302" : "exit 0")

      """)
    chmod(script, 0o755)
    return try run.file(
      "leave.scn",
      """
      name: leave
      services: { redis: redis }
      workload:
        command: ["\(script)"]
      expect:
        - no crash

      """)
  }

  func testBackgroundAndSetsidChildrenOfAPassingRunAreGoneWhenItEnds() throws {
    let run = try HarnessCommandRun("chaos-test-contain-end")
    defer { run.cleanUp() }
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", scenario(run, waits: false)],
      environment: run.environment, output: .lines { output.append($0) })
    XCTAssertEqual(chaos.wait(timeout: 60), 0, output.text)
    XCTAssertEqual(run.survivors(timeout: 5), [], "processes the run started outlived it")
  }

  func testSIGKILLOfChaosTakesTheWholeTreeWithIt() throws {
    try stopWhileRunning(with: SIGKILL)
  }

  func testSIGTERMOfChaosTakesTheWholeTreeWithIt() throws {
    try stopWhileRunning(with: SIGTERM)
  }

  private func stopWhileRunning(with signal: Int32) throws {
    let run = try HarnessCommandRun("chaos-test-contain-\(signal)")
    defer { run.cleanUp() }
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", scenario(run, waits: true)],
      environment: run.environment, output: .lines { output.append($0) })
    let deadline = Date().addingTimeInterval(60)
    var started = ProcessProbe.mentioning(run.tmp)
    while !(started.contains { $0.contains("sleep 301") } && started.contains { $0.contains("sleep 302") })
      && Date() < deadline && chaos.isRunning
    {
      usleep(100_000)
      started = ProcessProbe.mentioning(run.tmp)
    }
    XCTAssertTrue(
      started.contains { $0.contains("sleep 301") }, "no setsid grandchild: \(started)\n\(output.text)")
    chaos.send(signal)
    XCTAssertNotNil(chaos.wait(timeout: 30))
    XCTAssertEqual(run.survivors(timeout: 5), [], "processes the run started outlived chaos (\(signal))")
  }
}
