import ChaosProxy
import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// The wire witness on a worker that is not ours: a Python client that logs nothing the harness
/// understands reconnects through a cut of the proxy in front of a real redis-server. `backoff:`
/// and `recovery:` judge it from the proxy's link events alone: its exponential schedule passes,
/// a fixed 1 s retry fails. The link events go to the run's event stream on disk, and a replay of
/// it judges the same.
final class PythonWireWitnessTests: XCTestCase {
  /// Pings every 0.1 s; after a failure waits `delays[n]` (the last one repeats) and tries again.
  private static func script(port: UInt16, delays: [Double]) -> String {
    """
    import socket, time
    delays = \(delays)
    failures = 0
    end = time.time() + 7
    s = None
    while time.time() < end:
        try:
            if s is None:
                s = socket.create_connection(('127.0.0.1', \(port)), timeout=1)
            s.sendall(b'*1\\r\\n$4\\r\\nPING\\r\\n')
            if not s.recv(64).startswith(b'+PONG'):
                raise OSError('closed')
            failures = 0
            time.sleep(0.1)
        except OSError:
            if s is not None:
                s.close()
            s = None
            time.sleep(delays[min(failures, len(delays) - 1)])
            failures += 1
    """
  }

  /// The journal as recorded, and as replayed from its event stream on disk.
  private func run(delays: [Double]) throws -> (live: RunJournal, replayed: RunJournal) {
    let directory = try TemporaryDirectory(prefix: "chaos-python-wire")
    defer { directory.remove() }
    let redis = try RedisServer(directory: directory.path)
    try redis.start()
    defer { redis.stop() }
    let here = SourceLocation(file: "python.scn", line: 1, column: 1)
    let model = ScenarioModel(
      file: "python.scn", name: "python", seed: 1,
      services: [ServiceDeclaration(name: "redis", kind: .redis, location: here)], workers: [],
      settings: ["REDIS_RECONNECT_INITIAL_DELAY": "0.2", "REDIS_RECONNECT_MAX_DELAY": "1"],
      workload: Workload())
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let stream = "\(directory.path)/events.jsonl"
    journal.stream(to: try EventStreamFile(path: stream))
    let injector = try ProxyEngineFaultInjector()
    defer { injector.shutdown() }
    let port = try injector.createProxy(name: "redis", upstream: "127.0.0.1:\(redis.port)")
    try injector.enableTap(proxy: "redis", protocol: .resp)
    let attribution = LinkAttribution()
    attribution.add(proxy: "redis", service: "redis", port: port)
    injector.onLinkEvent { journal.record(link: attribution.record($0, time: journal.now())) }
    let python = try ChildProcess(
      name: "python", executable: "python3", arguments: ["-c", Self.script(port: port, delays: delays)],
      output: .discard)
    defer { _ = python.terminate(grace: 1) }
    attribution.setRoots { [.init(instance: "python#1", generation: 1, pid: python.pid)] }
    journal.markWorkloadStart()
    Thread.sleep(forTimeInterval: 1)
    let cutAt = journal.now()
    try injector.cut("redis")
    Thread.sleep(forTimeInterval: 3.5)
    try injector.setEnabled("redis", true)
    let back = journal.now()
    journal.record(
      step: StepRecord(
        index: 0, description: "cut redis for 3.5s", trigger: "at 1s", location: "python.scn:9:5",
        verb: "cut",
        target: "redis", targetKind: "proxy", service: "redis", interruptsService: true, startedAt: cutAt,
        endedAt: back))
    Thread.sleep(forTimeInterval: 1.5)
    let live = journal.snapshot()
    journal.finishStream(RunOutcome(status: .passed, journal: live, wallTime: 7))
    let replayed = try JournalFile.decode(Data(contentsOf: URL(fileURLWithPath: stream))).scenarios[0].journal
    return (live, replayed)
  }

  private func evaluate(_ kind: any Checker, _ journal: RunJournal) -> ExpectationResult {
    ExpectationEvaluator.evaluate(
      Expectation(kind: kind, location: SourceLocation(file: "python.scn", line: 20, column: 5)), in: journal)
  }

  func testExponentialRetryPassesAndFixedRetryFails() throws {
    let (good, replayed) = try run(delays: [0.2, 0.4, 0.8, 1])
    XCTAssertTrue((good.links ?? []).allSatisfy { $0.instance == "python#1" }, "\(good.links ?? [])")
    XCTAssertEqual(replayed.links, good.links, "every link event is in the stream")
    let backoff = evaluate(BackoffChecker(service: "redis", tolerance: 0.2), good)
    XCTAssertTrue(backoff.passed, backoff.summary + "\n" + backoff.evidence.joined(separator: "\n"))
    XCTAssertTrue(backoff.summary.hasSuffix("(witness: wire)"), backoff.summary)
    let recovery = evaluate(RecoveryChecker(service: "redis", within: 1.5), good)
    XCTAssertTrue(recovery.passed, recovery.summary + "\n" + recovery.evidence.joined(separator: "\n"))
    XCTAssertTrue(recovery.summary.hasSuffix("witness: wire)"), recovery.summary)
    let kinds: [any Checker] = [
      BackoffChecker(service: "redis", tolerance: 0.2), RecoveryChecker(service: "redis", within: 1.5),
    ]
    for kind in kinds {
      XCTAssertEqual(evaluate(kind, replayed), evaluate(kind, good), "the replay judges as the live run")
    }

    let fixed = try run(delays: [1]).live
    let broken = evaluate(BackoffChecker(service: "redis", tolerance: 0.2), fixed)
    XCTAssertFalse(broken.passed, broken.summary)
    XCTAssertTrue(broken.summary.contains("wire: python#1 (process 1) attempt 2 came 1"), broken.summary)
  }
}
