import Foundation
import LocalServices
import ProcessLifecycle
import Scenario
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `chaos run DIR` with one RabbitMQ node for the scenarios that leave RabbitMQ alone: real
/// workers, redis-server and RabbitMQ, small workloads. Each scenario keeps to its own key prefix
/// (Redis keys, exchange and queues), and one that restarts RabbitMQ still gets its own node.
final class SharedBrokerTests: XCTestCase {
  private let here = SourceLocation(file: "shared.scn", line: 1, column: 1)

  func workerBinary() throws -> String {
    do {
      return try WorkerBinary.locate()
    } catch {
      throw MissingTool.error("chaos-worker is not built next to the tests: \(error)")
    }
  }

  /// A short pipeline scenario: `jobs` (40) at 8/s, `timeline` inserted as is.
  func scenario(
    _ name: String, seed: Int, proxies: String = "", jobs: Int = 40, timeline: String, recovery: String
  )
    -> String
  {
    """
    name: \(name)
    seed: \(seed)
    deadline: 40s
    services: { redis: redis, rabbitmq: rabbitmq }
    \(proxies)
    workers: { scanner: 1, downloader: 1, translator: 1, consumer: 1 }
    settings:
      REDIS_HEALTH_CHECK_INTERVAL: 1
      REDIS_RECONNECT_INITIAL_DELAY: 0.2
      REDIS_RECONNECT_MAX_DELAY: 1
      REDIS_RECONNECT_MAX_RETRIES: 30
      REDIS_COMMAND_TIMEOUT: 1
      RABBITMQ_HEALTH_CHECK_INTERVAL: 1
      RABBITMQ_RECONNECT_INITIAL_DELAY: 0.2
      RABBITMQ_RECONNECT_MAX_DELAY: 1
      RABBITMQ_RECONNECT_MAX_RETRIES: 40
      RABBITMQ_HEARTBEAT: 2
    workload: { jobs: \(jobs), rate: 8/s }
    timeline:
    \(timeline)
    expect:
      - jobs: all done
        within: 30s
      - duplicates: 0
      - lost: 0
      - acks: balanced
      - recovery: \(recovery)
        within: 5s
      - no crash

    """
  }

  func runSuite(_ files: [String: String], jobs: Int = 1) throws -> (
    SuiteRunner.Outcome, [String], String
  ) {
    let directory = try TemporaryDirectory(prefix: "chaos-test-shared")
    defer { directory.remove() }
    for (name, text) in files {
      try text.write(toFile: directory.file(name), atomically: true, encoding: .utf8)
    }
    let output = Lines()
    let options = RunOptions(
      workerBinary: try workerBinary(),
      faultInjectorFactory: { model in try ProxyEngineFaultInjector(seed: model.seed) },
      console: Console(interactive: false) { output.append($0) })
    let sharedBefore = Set(sharedBrokerDirectories())
    let outcome = SuiteRunner.run(
      paths: [directory.path], options: options, jobs: jobs, junit: directory.file("suite.xml"),
      json: directory.file("suite.json")
    ) { try ScenarioParser.parse(contentsOf: $0) }
    XCTAssertEqual(
      Set(sharedBrokerDirectories()).subtracting(sharedBefore), [], "the shared node's temp dir is left")
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [], "children left running")
    let document = try JournalFile.decode(
      Data(contentsOf: URL(fileURLWithPath: directory.file("suite.json"))))
    XCTAssertEqual(document.suite, outcome.timing)
    let xml = try XMLDocument(contentsOf: URL(fileURLWithPath: directory.file("suite.xml")), options: [])
    let root = try XCTUnwrap(xml.rootElement())
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertEqual(root.attribute(forName: "time")?.stringValue, String(format: "%.3f", timing.wallTime))
    XCTAssertEqual(
      root.attribute(forName: "timeline")?.stringValue, String(format: "%.3f", timing.timelineTime))
    XCTAssertEqual(
      root.attribute(forName: "ratio")?.stringValue, timing.ratio.map { String(format: "%.3f", $0) })
    let lines = output.lines.joined().split(separator: "\n").map(String.init)
    return (outcome, lines, output.lines.joined())
  }

  private func sharedBrokerDirectories() -> [String] {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
    return entries.filter {
      $0.hasPrefix("chaos-shared-rabbitmq-") && Self.ownedByThisProcess("\(base)/\($0)")
    }
  }

  func port(_ address: String?) throws -> UInt16 {
    try XCTUnwrap(address.flatMap { $0.split(separator: ":").last }.flatMap { UInt16($0) })
  }

  /// The checkers of `a-redis-restart` (first) and `b-rabbitmq-cut` (second) each saw only their
  /// own scenario's queues, and all 40 jobs done.
  private func assertEachCheckerSawItsOwnQueues(
    _ first: RunJournal, _ second: RunJournal, line: UInt = #line
  ) {
    XCTAssertEqual(
      first.checker?.report?.queues.keys.sorted(),
      ["a-redis-restart-1:consumer", "a-redis-restart-1:downloader", "a-redis-restart-1:translator"],
      line: line)
    XCTAssertEqual(
      second.checker?.report?.queues.keys.sorted(),
      ["b-rabbitmq-cut-2:consumer", "b-rabbitmq-cut-2:downloader", "b-rabbitmq-cut-2:translator"], line: line)
    XCTAssertEqual(first.checker?.report?.done, 40, line: line)
    XCTAssertEqual(second.checker?.report?.done, 40, line: line)
  }

  func testTwoScenariosShareOneRabbitMQNodeEachWithItsOwnQueues() throws {
    let (outcome, lines, console) = try runSuite([
      "a-redis-restart.scn": scenario(
        "a-redis-restart", seed: 3, timeline: "  - { at: 2s, restart: redis, down: 1s }", recovery: "redis"),
      "b-rabbitmq-cut.scn": scenario(
        "b-rabbitmq-cut", seed: 4, proxies: "proxies: { rabbitmq: { to: rabbitmq } }",
        timeline: "  - { at: 2s, cut: rabbitmq, for: 2s }", recovery: "rabbitmq"),
    ])
    XCTAssertEqual(outcome.outcomes.map(\.status), [.passed, .passed], console)
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertEqual(timing.sharedBrokerBoots, 1, console)
    XCTAssertEqual(timing.rabbitmqNodes, 1, console)
    XCTAssertEqual(timing.scenariosOnSharedBroker, 2)
    let first = outcome.outcomes[0].journal
    let second = outcome.outcomes[1].journal
    XCTAssertEqual(first.sharedServices, ["rabbitmq"])
    XCTAssertEqual(second.sharedServices, ["rabbitmq"])
    let brokerPort = try port(first.endpoints["rabbitmq"])
    XCTAssertEqual(try port(second.endpoints["rabbitmq"]), brokerPort, "both ran on the same node")
    XCTAssertFalse(ReadinessProbe.accepts(port: brokerPort), "the shared node still listens")
    // Each checker saw only its own scenario's queues, all drained.
    assertEachCheckerSawItsOwnQueues(first, second)
    // 40 jobs at 8/s: each workload lasts about 5 s from time 0.
    XCTAssertGreaterThan(try XCTUnwrap(first.workloadEndedAt), 4.5)
    XCTAssertGreaterThan(try XCTUnwrap(second.workloadEndedAt), 4.5)
    XCTAssertEqual(timing.timelineTime, first.workloadEndedAt! + second.workloadEndedAt!, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(timing.ratio), timing.wallTime / timing.timelineTime, accuracy: 1e-9)
    XCTAssertTrue(lines.contains { $0.hasPrefix("Suite wall time ") && $0.contains("ratio ") }, console)
    XCTAssertEqual(lines.last, "suite: 2 passed, 0 failed")
    print("shared broker, two scenarios: \(timing)")
  }

  /// `-j 2`: both scenarios at the same time, on the one shared node, each with its own Redis,
  /// proxies and queues, each one's lines printed as one block.
  func testTwoScenariosAtOnceShareTheNodeAndKeepApart() throws {
    let (outcome, lines, console) = try runSuite(
      [
        "a-redis-restart.scn": scenario(
          "a-redis-restart", seed: 3, timeline: "  - { at: 2s, restart: redis, down: 1s }", recovery: "redis"),
        "b-rabbitmq-cut.scn": scenario(
          "b-rabbitmq-cut", seed: 4, proxies: "proxies: { rabbitmq: { to: rabbitmq } }",
          timeline: "  - { at: 2s, cut: rabbitmq, for: 2s }", recovery: "rabbitmq"),
      ], jobs: 2)
    XCTAssertEqual(outcome.outcomes.map(\.status), [.passed, .passed], console)
    XCTAssertTrue(lines.contains("running 2 scenarios, 2 at a time"), console)
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertEqual(timing.sharedBrokerBoots, 1, console)
    XCTAssertEqual(timing.rabbitmqNodes, 1, console)
    let first = outcome.outcomes[0].journal
    let second = outcome.outcomes[1].journal
    XCTAssertEqual(try port(first.endpoints["rabbitmq"]), try port(second.endpoints["rabbitmq"]))
    XCTAssertNotEqual(try port(first.endpoints["redis"]), try port(second.endpoints["redis"]))
    assertEachCheckerSawItsOwnQueues(first, second)
    // Each block runs from its ▶ line to its verdict line without the other's lines in between.
    for (name, other) in [("a-redis-restart", "b-rabbitmq-cut"), ("b-rabbitmq-cut", "a-redis-restart")] {
      let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("▶ \(name)") }, console)
      let end = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("✔ \(name):") }, console)
      XCTAssertFalse(lines[start...end].contains { $0.hasPrefix("▶ \(other)") }, console)
    }
    XCTAssertEqual(lines.last, "suite: 2 passed, 0 failed")
    print("shared broker, two scenarios at once: \(timing)")
  }

  func testAScenarioThatRestartsRabbitMQGetsItsOwnNode() throws {
    let (outcome, lines, console) = try runSuite([
      "a-redis-restart.scn": scenario(
        "a-redis-restart", seed: 5, timeline: "  - { at: 2s, restart: redis, down: 1s }", recovery: "redis"),
      "b-rabbitmq-restart.scn": scenario(
        "b-rabbitmq-restart", seed: 6, timeline: "  - { at: 2s, restart: rabbitmq, down: 1s }",
        recovery: "rabbitmq"),
    ])
    XCTAssertEqual(outcome.outcomes.map(\.status), [.passed, .passed], console)
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertEqual(timing.sharedBrokerBoots, 1, console)
    XCTAssertEqual(timing.rabbitmqNodes, 2, console)
    XCTAssertEqual(timing.scenariosOnSharedBroker, 1)
    let first = outcome.outcomes[0].journal
    let second = outcome.outcomes[1].journal
    XCTAssertEqual(first.sharedServices, ["rabbitmq"])
    XCTAssertNil(second.sharedServices)
    XCTAssertNotEqual(try port(first.endpoints["rabbitmq"]), try port(second.endpoints["rabbitmq"]))
    XCTAssertTrue(second.timeline.allSatisfy { $0.error == nil }, "\(second.timeline)")
    XCTAssertEqual(second.checker?.report?.done, 40)
    XCTAssertEqual(lines.last, "suite: 2 passed, 0 failed")
    print("own node for the restart: \(timing)")
  }

  func testAnInterruptedSuiteStopsTheSharedNodeAndRemovesItsDirectory() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-shared-interrupt")
    defer { directory.remove() }
    for name in ["a", "b"] {
      let text = scenario(
        "\(name)-long", seed: 8, timeline: "  - { at: 20s, restart: redis, down: 1s }", recovery: "redis")
      try text.write(toFile: directory.file("\(name)-long.scn"), atomically: true, encoding: .utf8)
    }
    let broker = SharedBroker()
    let interrupt = StopFlag()
    var options = RunOptions(workerBinary: try workerBinary(), interrupt: interrupt)
    options.sharedBroker = broker
    let seen = Lines()
    let watcher = Thread {
      let deadline = Date().addingTimeInterval(60)
      while broker.pids.isEmpty && Date() < deadline { usleep(50_000) }
      seen.append(broker.pids.map(String.init).joined(separator: ","))
      seen.append(broker.port.map(String.init) ?? "")
      usleep(2_000_000)
      interrupt.set("SIGINT")
    }
    let sharedBefore = Set(sharedBrokerDirectories())
    watcher.start()
    let outcome = SuiteRunner.run(paths: [directory.path], options: options) {
      try ScenarioParser.parse(contentsOf: $0)
    }
    let pids = seen.lines.first?.split(separator: ",").compactMap { Int32($0) } ?? []
    XCTAssertFalse(pids.isEmpty, "the shared node never ran")
    XCTAssertEqual(outcome.outcomes.count, 1, "the second scenario was not started")
    XCTAssertEqual(ProcessProbe.survivors(pids), [], "the shared node outlived the suite")
    XCTAssertFalse(ReadinessProbe.accepts(port: UInt16(seen.lines.last ?? "") ?? 0))
    XCTAssertEqual(Set(sharedBrokerDirectories()).subtracting(sharedBefore), [], "temp dir left")
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [])
    XCTAssertEqual(broker.boots, 1)
  }

  func testWhichRabbitMQServicesTheSharedNodeCanServe() {
    func model(_ steps: [StepAction], external: String? = nil, extra: Bool = false) -> ScenarioModel {
      var services = [
        ServiceDeclaration(name: "redis", kind: .redis, location: here),
        ServiceDeclaration(name: "mq", kind: .rabbitmq, external: external, location: here),
      ]
      if extra { services.append(ServiceDeclaration(name: "mq2", kind: .rabbitmq, location: here)) }
      var model = ScenarioModel(file: "shared.scn", name: "shared")
      model.services = services
      model.proxies = [ProxyDeclaration(name: "mq", service: "mq", location: here)]
      model.timeline = steps.map { TimelineStep(trigger: .at(1), action: $0, location: here) }
      return model
    }
    func serves(_ model: ScenarioModel, _ name: String = "mq") -> Bool {
      SharedBroker.canServe(model.services.first { $0.name == name }!, in: model)
    }
    XCTAssertTrue(serves(model([])))
    // Faults on the proxy in front of it (named like the service) leave the broker alone.
    XCTAssertTrue(
      serves(
        model([
          StepAction(CutFault(proxy: "mq")), StepAction(ResetFault(proxy: "mq")),
          StepAction(BlackholeFault(proxy: "mq")),
        ])))
    XCTAssertTrue(
      serves(
        model([
          StepAction(RestartFault(service: "redis", down: 1)),
          StepAction(KillWorkerFault(worker: "consumer", index: nil)),
        ])))
    for verb: StepAction in [
      StepAction(RestartFault(service: "mq", down: 1)), StepAction(StopFault(service: "mq")),
      StepAction(StartFault(service: "mq")), StepAction(KillFault(service: "mq")),
      StepAction(PauseFault(service: "mq")), StepAction(ResumeFault(service: "mq")),
    ] {
      XCTAssertFalse(serves(model([verb])), "\(verb)")
    }
    XCTAssertFalse(serves(model([], external: "127.0.0.1:5672")))
    XCTAssertFalse(serves(model([]), "redis"))
    XCTAssertFalse(serves(model([], extra: true), "mq2"), "only the RabbitMQ the workers use")
  }
}
