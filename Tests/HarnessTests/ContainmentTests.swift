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

  func testSIGHUPOfChaosTakesTheWholeTreeWithIt() throws {
    try stopWhileRunning(with: SIGHUP)
  }

  func testASecondCtrlCTakesTheWholeTreeWithIt() throws {
    try stopWhileRunning(with: SIGINT, twice: true)
  }

  private func stopWhileRunning(with signal: Int32, twice: Bool = false) throws {
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
    if twice { chaos.send(signal) }
    XCTAssertNotNil(chaos.wait(timeout: 30))
    XCTAssertEqual(run.survivors(timeout: 5), [], "processes the run started outlived chaos (\(signal))")
  }

  /// `kill worker` kills the instance's whole tree: a child that called setpgrp (as RQ's work
  /// horse does) dies with it, while the run goes on (the workload still runs).
  func testKillWorkerKillsAChildThatCalledSetpgrp() throws {
    let run = try HarnessCommandRun("chaos-test-contain-kill")
    defer { run.cleanUp() }
    let worker = try run.file(
      "worker.sh",
      """
      #!/bin/sh
      python3 -c 'import os, time; os.setpgrp(); time.sleep(303.25)' &
      echo worker ready
      exec sleep 1000

      """)
    chmod(worker, 0o755)
    let scenario = try run.file(
      "kill.scn",
      """
      name: kill-tree
      services: { redis: redis }
      workers:
        w:
          command: ["\(worker)"]
          ready: /worker ready/
      workload:
        command: ["sleep", "20.5"]
      timeline:
        - { at: 1s, kill worker: w }

      """)
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", scenario], environment: run.environment,
      output: .lines { output.append($0) })
    // `kill worker` starts a new process at once (with a new child): follow the first child's pid.
    let deadline = Date().addingTimeInterval(60)
    var horse: Int32?
    var processes = ProcessProbe.mentioning(run.tmp)
    while Date() < deadline && chaos.isRunning {
      if horse == nil {
        horse = processes.first { $0.contains("303.25") }.flatMap { Int32($0.prefix { $0 != " " }) }
      } else if let horse, !ProcessProbe.isAlive(horse) {
        break
      }
      usleep(100_000)
      processes = ProcessProbe.mentioning(run.tmp)
    }
    XCTAssertNotNil(horse, "the worker's setpgrp child never ran\n\(output.text)")
    XCTAssertFalse(horse.map(ProcessProbe.isAlive) ?? true, "the setpgrp child outlived kill worker")
    XCTAssertTrue(
      processes.contains { $0.contains("sleep 20.5") },
      "checked only after the run: \(processes)\n\(output.text)")
    chaos.send(SIGINT)
    chaos.wait(timeout: 30)
  }
}
