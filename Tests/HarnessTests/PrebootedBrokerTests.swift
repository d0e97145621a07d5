import Foundation
import LocalServices
import ProcessLifecycle
import Scenario
import XCTest

@testable import Harness

/// `chaos run DIR -j 2`: the scenarios that restart RabbitMQ (so cannot use the shared node) get
/// private nodes the suite booted ahead (``PrivateBrokerPool``), one each, and nothing of those
/// nodes is left after the suite, nor after an interrupt. Real workers, redis-server and RabbitMQ.
extension SharedBrokerTests {
  /// Whether the chaos temp dir `path` was made by this process (its owner file names our pid):
  /// other runs on the machine may make and remove theirs meanwhile.
  static func ownedByThisProcess(_ path: String) -> Bool {
    guard let owner = try? String(contentsOfFile: "\(path)/.chaos-owner", encoding: .utf8) else {
      return false
    }
    return owner.split(separator: " ").first.flatMap { Int32($0) } == getpid()
  }

  /// The temp dirs of nodes booted ahead by this process now present.
  private static func prebootedDirectories() -> Set<String> {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
    return Set(
      entries.filter { $0.hasPrefix("chaos-prebooted-rabbitmq-") }.map { "\(base)/\($0)" }.filter(
        ownedByThisProcess))
  }

  /// The AMQP port of the node booted in `directory`, read from its log file's name
  /// (`chaos<port>@localhost.log`); nil before it logs.
  private static func nodePort(in directory: String) -> UInt16? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/rabbitmq/log")) ?? []
    return names.lazy.compactMap { name -> UInt16? in
      guard name.hasPrefix("chaos"), name.hasSuffix("@localhost.log") else { return nil }
      return UInt16(name.dropFirst("chaos".count).prefix { $0.isNumber })
    }.first
  }

  private func restartsRabbitMQ(_ name: String, seed: Int) -> String {
    scenario(name, seed: seed, timeline: "  - { at: 2s, restart: rabbitmq, down: 1s }", recovery: "rabbitmq")
  }

  /// `a-long` (160 jobs at 8/s: 20 s) runs on the shared node; `b-` and `c-rabbitmq-restart` each
  /// adopt a node booted ahead: b the one booting when it starts (it waits for it), c one already
  /// up when a lane is free (its boot phase is the shorter). Two nodes booted ahead, both used, each stopped behind
  /// its scenario and gone, temp dir and epmd included, when the suite returns.
  func testScenariosThatRestartRabbitMQAdoptNodesBootedAhead() throws {
    let before = Self.prebootedDirectories()
    let (outcome, lines, console) = try runSuite(
      [
        "a-long.scn": scenario(
          "a-long", seed: 11, jobs: 160, timeline: "  - { at: 2s, restart: redis, down: 1s }",
          recovery: "redis"),
        "b-rabbitmq-restart.scn": restartsRabbitMQ("b-rabbitmq-restart", seed: 12),
        "c-rabbitmq-restart.scn": restartsRabbitMQ("c-rabbitmq-restart", seed: 13),
      ], jobs: 2)
    XCTAssertEqual(outcome.outcomes.map(\.status), [.passed, .passed, .passed], console)
    let timing = try XCTUnwrap(outcome.timing)
    XCTAssertEqual(timing.sharedBrokerBoots, 1, console)
    XCTAssertEqual(timing.prebootedNodes, 2, "no more nodes booted ahead than used: \(console)")
    XCTAssertEqual(timing.prebootedAdopted, 2, console)
    XCTAssertEqual(timing.rabbitmqNodes, 3, console)
    let (a, b, c) = (outcome.outcomes[0].journal, outcome.outcomes[1].journal, outcome.outcomes[2].journal)
    XCTAssertEqual(a.sharedServices, ["rabbitmq"])
    XCTAssertNil(a.prebootedServices)
    XCTAssertEqual(b.prebootedServices, ["rabbitmq"], console)
    XCTAssertEqual(c.prebootedServices, ["rabbitmq"], console)
    let ports = try [a, b, c].map { try port($0.endpoints["rabbitmq"]) }
    XCTAssertEqual(Set(ports).count, 3, "each scenario on a node of its own: \(ports)")
    for port in ports {
      XCTAssertFalse(ReadinessProbe.accepts(port: port), "a node still listens on \(port)")
    }
    // The restart acted on the adopted node, and the workers came back to it.
    for journal in [b, c] {
      XCTAssertTrue(journal.timeline.allSatisfy { $0.error == nil }, "\(journal.timeline)")
      XCTAssertEqual(journal.checker?.report?.done, 40)
    }
    let waited = try XCTUnwrap(b.phases["boot"])
    let adoptedReady = try XCTUnwrap(c.phases["boot"])
    XCTAssertLessThan(adoptedReady, waited, "c found its node up; b waited for the boot: \(console)")
    XCTAssertTrue(lines.contains { $0.contains("(rabbitmq, booted ahead) answers on") }, console)
    XCTAssertTrue(lines.contains { $0.contains("2 booted ahead, 2 of them used") }, console)
    let left = Self.prebootedDirectories().subtracting(before)
    XCTAssertEqual(left, [], "temp dirs of nodes booted ahead are left")
    print("booted ahead: b's boot phase \(waited) s, c's \(adoptedReady) s; \(timing)")
  }

  /// Interrupted while one node booted ahead is up and not adopted and the next one is booting:
  /// the suite stops both (the boot is killed), with their epmd, and removes their temp dirs.
  func testAnInterruptedSuiteStopsTheNodesBootedAhead() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-preboot-interrupt")
    defer { directory.remove() }
    let files = [
      "a-long": scenario(
        "a-long", seed: 14, timeline: "  - { at: 25s, restart: redis, down: 1s }", recovery: "redis"),
      "b-long": scenario(
        "b-long", seed: 15, timeline: "  - { at: 25s, restart: redis, down: 1s }", recovery: "redis"),
      "c-rabbitmq-restart": restartsRabbitMQ("c-rabbitmq-restart", seed: 16),
      "d-rabbitmq-restart": restartsRabbitMQ("d-rabbitmq-restart", seed: 17),
    ]
    for (name, text) in files {
      try text.write(toFile: directory.file("\(name).scn"), atomically: true, encoding: .utf8)
    }
    let interrupt = StopFlag()
    let options = RunOptions(workerBinary: try workerBinary(), interrupt: interrupt)
    let before = Self.prebootedDirectories()
    let seen = Lines()
    let watcher = Thread {
      let deadline = Date().addingTimeInterval(90)
      while Date() < deadline {
        let fresh = Self.prebootedDirectories().subtracting(before).sorted()
        let up = fresh.filter { dir in
          Self.nodePort(in: dir).map { ReadinessProbe.amqpAnswersConnectionStart(port: $0) } ?? false
        }
        if up.count == 1 && fresh.count == 2 {
          for dir in fresh { seen.append(dir) }
          seen.append(String(Self.nodePort(in: up[0]) ?? 0))
          break
        }
        usleep(100_000)
      }
      interrupt.set("SIGINT")
    }
    watcher.start()
    let outcome = SuiteRunner.run(paths: [directory.path], options: options, jobs: 2) {
      try ScenarioParser.parse(contentsOf: $0)
    }
    let record = seen.lines
    XCTAssertEqual(record.count, 3, "never saw one node up and the next booting")
    XCTAssertEqual(
      outcome.outcomes.map(\.journal.scenario.name), ["a-long", "b-long"],
      "the lanes ran the shared-node scenarios while the nodes booted; the others never started")
    if let portText = record.last, let port = UInt16(portText) {
      XCTAssertFalse(ReadinessProbe.accepts(port: port), "the node booted ahead still listens")
    }
    for dir in record.dropLast() {
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "\(dir) is left")
      XCTAssertEqual(ProcessProbe.survivors(mentioning: dir), [], "a process of \(dir) is left")
    }
    XCTAssertEqual(Self.prebootedDirectories().subtracting(before), [])
    XCTAssertEqual(ChildRegistry.shared.running.map(\.name), [])
    XCTAssertEqual(outcome.timing?.prebootedNodes, 2)
    XCTAssertEqual(outcome.timing?.prebootedAdopted, 0)
  }
}
