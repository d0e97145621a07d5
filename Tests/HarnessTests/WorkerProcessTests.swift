import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// Worker processes with a real child: a shell script that behaves like a worker (JSON lines,
/// a text line, graceful exit on SIGTERM), standing in for `chaos-worker` until it exists.
final class WorkerProcessTests: XCTestCase {
  private let here = SourceLocation(file: "workers.scn", line: 1, column: 1)

  private func script(in directory: TemporaryDirectory) throws -> String {
    let path = directory.file("fake-worker.sh")
    let text = """
      #!/bin/sh
      trap 'echo "{\\"msg\\":\\"worker.stopping\\",\\"signal\\":\\"SIGTERM\\"}"; exit 0' TERM
      echo "{\\"msg\\":\\"worker.started\\",\\"role\\":\\"$1\\",\\"redis\\":\\"$REDIS_URL\\",\\"prefix\\":\\"$CHAOS_KEY_PREFIX\\",\\"delay\\":\\"$REDIS_RECONNECT_INITIAL_DELAY\\",\\"work\\":\\"$WORK_DELAY_MS\\"}"
      echo "plain text from $1"
      if [ "$1" = "consumer" ]; then exit 3; fi
      while :; do sleep 0.05; done

      """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }

  private func waitFor(_ condition: () -> Bool, timeout: Double = 5) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() && Date() < deadline { usleep(20_000) }
    return condition()
  }

  func testLinesExitsAndGenerationsAreRecorded() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-workers")
    defer { directory.remove() }
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "w", name: "w")))
    let worker = WorkerProcess(
      instance: WorkerInstance(role: .downloader, index: 2), executable: try script(in: directory),
      environment: ["PATH": "/usr/bin:/bin"], journal: journal)
    try worker.start()
    XCTAssertTrue(waitFor { journal.snapshot().events.count >= 2 })
    let events = journal.snapshot().events
    XCTAssertEqual(events[0].instance, "downloader#2")
    XCTAssertEqual(events[0].message, "worker.started")
    XCTAssertEqual(events[0]["role"], .string("downloader"))
    XCTAssertNil(events[1].fields, "a text line is kept as text")
    XCTAssertEqual(events[1].text, "plain text from downloader")

    worker.kill()
    try worker.start()
    XCTAssertTrue(waitFor { journal.snapshot().events.filter { $0.generation == 2 }.count >= 2 })
    let secondPid = try XCTUnwrap(worker.pid)
    worker.stop(grace: 5)
    XCTAssertFalse(worker.isRunning)
    XCTAssertTrue(waitFor { journal.snapshot().exits.count == 2 })
    let exits = journal.snapshot().exits
    XCTAssertEqual(exits.map(\.requestedSignal), ["SIGKILL", "SIGTERM"])
    XCTAssertEqual(exits[1].status, 0, "the script exits 0 on SIGTERM")
    XCTAssertEqual(exits[1].pid, secondPid)
    XCTAssertEqual(exits.map(\.generation), [1, 2])
    // The exit is recorded after the process's last line.
    XCTAssertTrue(
      journal.snapshot().events.contains { $0.message == "worker.stopping" && $0.generation == 2 })
    var recorded = RecordedJournal()
    recorded.journal.exits = exits
    XCTAssertTrue(recorded.evaluate(NoCrashChecker()).passed)
  }

  func testTheSupervisorGivesEachRoleItsEnvironmentAndAnUnexpectedExitIsACrash() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-supervised-workers")
    defer { directory.remove() }
    let model = ScenarioModel(
      file: "workers.scn", name: "workers",
      services: [ServiceDeclaration(name: "redis", kind: .redis, location: here)],
      workers: [
        WorkerDeclaration(role: .downloader, count: 2, environment: ["WORK_DELAY_MS": "50"], location: here),
        WorkerDeclaration(role: .consumer, count: 1, location: here),
      ],
      settings: ["REDIS_RECONNECT_INITIAL_DELAY": "0.2"])
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let supervisor = Supervisor(
      scenario: model, journal: journal, directory: directory.path, workerBinary: try script(in: directory),
      faultInjector: nil, keyPrefix: "test:")
    defer { supervisor.shutdown() }
    try supervisor.startServices()
    try supervisor.startWorkers()
    let port = try XCTUnwrap(supervisor.service("redis")).port
    XCTAssertTrue(waitFor { journal.snapshot().events.filter { $0.message == "worker.started" }.count == 3 })
    XCTAssertTrue(waitFor { journal.snapshot().exits.count == 1 }, "the consumer script exits 3 on its own")
    let pids = supervisor.runningPids
    supervisor.shutdown()
    XCTAssertEqual(ProcessProbe.survivors(pids), [])

    let snapshot = journal.snapshot()
    let started = snapshot.events.filter { $0.message == "worker.started" }
    XCTAssertEqual(Set(started.map(\.instance)), ["downloader#1", "downloader#2", "consumer#1"])
    for event in started {
      XCTAssertEqual(event["redis"], .string("redis://127.0.0.1:\(port)/0"))
      XCTAssertEqual(event["prefix"], .string("test:"))
      XCTAssertEqual(event["delay"], .string("0.2"))
      XCTAssertEqual(event["work"], .string(event.role == "downloader" ? "50" : ""))
    }
    var recorded = RecordedJournal()
    recorded.journal.exits = snapshot.exits
    let verdict = recorded.evaluate(NoCrashChecker())
    XCTAssertFalse(verdict.passed)
    XCTAssertTrue(
      verdict.evidence.contains { $0.contains("consumer#1") && $0.contains("status 3") },
      "\(verdict.evidence)")
    XCTAssertEqual(snapshot.exits.filter { $0.requestedSignal == "SIGTERM" }.map(\.status), [0, 0])
  }
}
