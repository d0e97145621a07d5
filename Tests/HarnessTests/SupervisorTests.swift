import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// The supervisor and the timeline on real servers: a private redis-server and RabbitMQ node.
final class SupervisorTests: XCTestCase {
  private let here = SourceLocation(file: "supervisor.scn", line: 1, column: 1)

  func testStartsRedisAndRabbitMQRestartsRedisKeepingDataAndLeavesNothingBehind() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-supervisor")
    defer { directory.remove() }
    let model = ScenarioModel(
      file: "supervisor.scn", name: "supervisor",
      services: [
        ServiceDeclaration(name: "redis", kind: .redis, location: here),
        ServiceDeclaration(name: "rabbitmq", kind: .rabbitmq, location: here),
      ])
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let supervisor = Supervisor(
      scenario: model, journal: journal, directory: directory.path, workerBinary: nil, faultInjector: nil)
    // A boot that fails half-way (redis up, RabbitMQ not) must not leave redis-server and epmd.
    defer { supervisor.shutdown() }
    let started = Date()
    try supervisor.startServices()
    print("redis + rabbitmq answered after \(Date().timeIntervalSince(started)) s")
    let redis = try XCTUnwrap(supervisor.service("redis"))
    let rabbit = try XCTUnwrap(supervisor.service("rabbitmq"))
    XCTAssertTrue(ReadinessProbe.redisAnswersPong(port: redis.port))
    XCTAssertTrue(ReadinessProbe.amqpAnswersConnectionStart(port: rabbit.port))
    XCTAssertEqual(journal.snapshot().endpoints["redis"], "127.0.0.1:\(redis.port)")

    let environment = supervisor.workerEnvironment(role: .downloader)
    XCTAssertEqual(environment["REDIS_URL"], "redis://127.0.0.1:\(redis.port)/0")
    XCTAssertEqual(environment["RABBITMQ_URL"], "amqp://guest:guest@127.0.0.1:\(rabbit.port)/%2F")
    XCTAssertEqual(environment["CHAOS_KEY_PREFIX"], "chaos:")

    // A restart through the timeline keeps the port and the data.
    let connection = try RESPConnection(port: redis.port)
    try connection.command(["SET", "chaos:kept", "yes"])
    let oldPid = try XCTUnwrap(redis.pids.first)
    let timeline = TimelineScheduler(
      steps: [
        TimelineStep(
          trigger: .at(0.1), action: StepAction(RestartFault(service: "redis", down: 0.5)), location: here)
      ],
      journal: journal, executor: SupervisorStepExecutor(supervisor: supervisor, faultInjector: nil),
      console: { _ in })
    journal.markWorkloadStart()
    timeline.start()
    XCTAssertTrue(timeline.wait(timeout: 30))
    let record = try XCTUnwrap(journal.snapshot().timeline.first)
    XCTAssertNil(record.error)
    let window = try XCTUnwrap(record.endedAt) - XCTUnwrap(record.startedAt)
    XCTAssertGreaterThanOrEqual(window, 0.5, "the restart window covers the down time")
    XCTAssertLessThan(window, 10)
    XCTAssertNotEqual(redis.pids.first, oldPid, "a new redis-server process")
    XCTAssertEqual(try RESPConnection(port: redis.port).command(["GET", "chaos:kept"]), "yes")

    let pids = ChildRegistry.shared.running.map(\.pid) + supervisor.runningPids
    XCTAssertGreaterThanOrEqual(Set(pids).count, 3, "redis-server, rabbitmq (beam) and epmd")
    supervisor.shutdown()
    XCTAssertEqual(ProcessProbe.survivors(pids), [], "processes left after shutdown")
    XCTAssertFalse(ReadinessProbe.accepts(port: redis.port))
    XCTAssertFalse(ReadinessProbe.accepts(port: rabbit.port))
  }

  func testServiceVerbsThroughTheTimelineMarkTheOutageWindow() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-verbs")
    defer { directory.remove() }
    let model = ScenarioModel(
      file: "verbs.scn", name: "verbs",
      services: [ServiceDeclaration(name: "cache", kind: .redis, location: here)])
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let supervisor = Supervisor(
      scenario: model, journal: journal, directory: directory.path, workerBinary: nil, faultInjector: nil)
    defer { supervisor.shutdown() }
    try supervisor.startServices()
    let port = try XCTUnwrap(supervisor.service("cache")).port
    let steps = [
      TimelineStep(trigger: .at(0.2), action: StepAction(PauseFault(service: "cache")), location: here),
      TimelineStep(trigger: .at(0.6), action: StepAction(ResumeFault(service: "cache")), location: here),
      TimelineStep(trigger: .at(0.8), action: StepAction(KillFault(service: "cache")), location: here),
      TimelineStep(trigger: .at(1.2), action: StepAction(StartFault(service: "cache")), location: here),
    ]
    let timeline = TimelineScheduler(
      steps: steps, journal: journal,
      executor: SupervisorStepExecutor(supervisor: supervisor, faultInjector: nil),
      console: { _ in })
    journal.markWorkloadStart()
    timeline.start()
    Thread.sleep(forTimeInterval: 0.4)
    XCTAssertFalse(ReadinessProbe.redisAnswersPong(port: port, timeout: 0.1), "paused")
    Thread.sleep(forTimeInterval: 0.6)
    XCTAssertFalse(ReadinessProbe.accepts(port: port), "killed")
    XCTAssertTrue(timeline.wait(timeout: 20))
    XCTAssertTrue(ReadinessProbe.redisAnswersPong(port: port), "started again")
    let records = journal.snapshot().timeline
    XCTAssertEqual(records.map(\.error), [nil, nil, nil, nil])
    let pause = records[0]
    let kill = records[2]
    XCTAssertEqual(
      try XCTUnwrap(pause.endedAt), try XCTUnwrap(records[1].endedAt), accuracy: 0.001,
      "resume ends the pause window")
    XCTAssertEqual(
      try XCTUnwrap(kill.endedAt), try XCTUnwrap(records[3].endedAt), accuracy: 0.001,
      "start ends the kill window")
    XCTAssertTrue(pause.interruptsService && kill.interruptsService)
    XCTAssertEqual(pause.service, "cache")
  }
}
