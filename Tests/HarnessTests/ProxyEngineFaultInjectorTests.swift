import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// The adapter over ChaosProxy's engine, with a real redis-server behind a real proxy, driven by
/// the timeline's own executor.
final class ProxyEngineFaultInjectorTests: XCTestCase {
  private let here = SourceLocation(file: "proxy.scn", line: 1, column: 1)

  private func ping(_ port: UInt16, timeout: Double = 1) -> String? {
    guard let connection = try? RESPConnection(port: port, timeout: timeout) else { return nil }
    return try? connection.command(["PING"])
  }

  func testTimelineVerbsReachTheProxy() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-proxy")
    defer { directory.remove() }
    let model = ScenarioModel(
      file: "proxy.scn", name: "proxy",
      services: [ServiceDeclaration(name: "redis", kind: .redis, location: here)],
      proxies: [ProxyDeclaration(name: "redis", service: "redis", location: here)])
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let injector = try ProxyEngineFaultInjector(seed: 1)
    let supervisor = Supervisor(
      scenario: model, journal: journal, directory: directory.path, workerBinary: nil, faultInjector: injector
    )
    defer { supervisor.shutdown() }
    try supervisor.startServices()
    try supervisor.startProxies()
    let port = try XCTUnwrap(supervisor.proxyPort("redis"))
    XCTAssertEqual(injector.listenPort("redis"), port)
    XCTAssertEqual(
      supervisor.workerEnvironment(role: .downloader)["REDIS_URL"], "redis://127.0.0.1:\(port)/0",
      "workers go through the proxy")
    XCTAssertEqual(ping(port), "PONG")
    let executor = SupervisorStepExecutor(supervisor: supervisor, faultInjector: injector)

    guard case .lasting(let uncut) = try executor.perform(StepAction(CutFault(proxy: "redis"))) else {
      return XCTFail("cut lasts")
    }
    XCTAssertNil(ping(port), "cut: no answer through the proxy")
    try uncut()
    XCTAssertEqual(ping(port), "PONG")

    guard
      case .lasting(let undelay) = try executor.perform(
        StepAction(DelayFault(proxy: "redis", latencyMs: 300, jitterMs: 0)))
    else {
      return XCTFail("delay lasts")
    }
    let started = Date()
    XCTAssertEqual(ping(port, timeout: 3), "PONG")
    XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25, "latency applied")
    try undelay()

    guard case .lasting(let unblackhole) = try executor.perform(StepAction(BlackholeFault(proxy: "redis")))
    else {
      return XCTFail("blackhole lasts")
    }
    XCTAssertNil(ping(port, timeout: 0.5), "blackhole: nothing comes back")
    try unblackhole()
    XCTAssertEqual(ping(port), "PONG")

    let open = try RESPConnection(port: port)
    XCTAssertEqual(try open.command(["PING"]), "PONG")
    guard case .finished(let detail) = try executor.perform(StepAction(ResetFault(proxy: "redis"))) else {
      return XCTFail("reset")
    }
    XCTAssertEqual(detail, "1 connection reset")
    XCTAssertThrowsError(try open.command(["PING"]), "the open connection was reset")

    // One direction dark: requests swallowed (they never reach Redis); then replies swallowed
    // while requests still reach Redis and are carried out.
    let direct = try RESPConnection(port: XCTUnwrap(supervisor.service("redis")).port)
    guard
      case .lasting(let upUndo) = try executor.perform(
        StepAction(BlackholeFault(proxy: "redis", scope: ToxicScope(.upstream))))
    else { return XCTFail("blackhole lasts") }
    let early = try RESPConnection(port: port, timeout: 0.5)
    XCTAssertThrowsError(try early.command(["SET", "upstream-dark", "x"]), "no reply")
    XCTAssertEqual(try direct.command(["EXISTS", "upstream-dark"]), "0", "the request never reached Redis")
    try upUndo()
    guard
      case .lasting(let downUndo) = try executor.perform(
        StepAction(BlackholeFault(proxy: "redis", scope: ToxicScope(.downstream))))
    else { return XCTFail("blackhole lasts") }
    let late = try RESPConnection(port: port, timeout: 0.5)
    XCTAssertThrowsError(try late.command(["SET", "downstream-dark", "written"]), "the reply is swallowed")
    XCTAssertEqual(try direct.command(["GET", "downstream-dark"]), "written", "the request reached Redis")
    try downUndo()
    XCTAssertEqual(ping(port), "PONG")

    _ = try executor.perform(StepAction(ThrottleFault(proxy: "redis", rateKBps: 1)))
    _ = try executor.perform(StepAction(CutFault(proxy: "redis")))
    _ = try executor.perform(StepAction(ClearFault(proxy: "redis")))
    XCTAssertEqual(ping(port), "PONG", "clear removes every fault and enables the proxy")
  }

  /// A proxy in front of Redis gets the RESP tap: `after: N commands` can wait on it, the ledger
  /// reaches the journal, and refused connections while Redis is down are journal lines, not stderr.
  func testTheTapCountsCommandsAndRefusalsGoToTheJournal() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-test-tap")
    defer { directory.remove() }
    let model = ScenarioModel(
      file: "tap.scn", name: "tap",
      services: [ServiceDeclaration(name: "redis", kind: .redis, location: here)],
      proxies: [ProxyDeclaration(name: "cache", service: "redis", location: here)])
    let journal = EventJournal(scenario: ScenarioSummary(model))
    let injector = try ProxyEngineFaultInjector(seed: 1)
    let supervisor = Supervisor(
      scenario: model, journal: journal, directory: directory.path, workerBinary: nil, faultInjector: injector
    )
    defer { supervisor.shutdown() }
    try supervisor.startServices()
    try supervisor.startProxies()
    let port = try XCTUnwrap(supervisor.proxyPort("cache"))
    XCTAssertNil(try injector.waitFor(event: "commands", count: 3, proxy: "cache", timeout: 0.05))
    for _ in 0..<3 { XCTAssertEqual(ping(port), "PONG") }
    XCTAssertEqual(try injector.waitFor(event: "commands", count: 3, proxy: "cache", timeout: 2), 3)
    XCTAssertEqual(try injector.waitFor(event: "PING", count: 3, proxy: "cache", timeout: 0), 3)

    try XCTUnwrap(supervisor.service("redis")).stop()
    for _ in 0..<2 { XCTAssertNil(ping(port, timeout: 0.5)) }
    let deadline = Date().addingTimeInterval(3)
    while journal.snapshot().proxyLog.count < 2 && Date() < deadline { usleep(20_000) }
    let log = journal.snapshot().proxyLog
    XCTAssertEqual(log.count, 2, "\(log)")
    XCTAssertTrue(log.allSatisfy { $0.text.contains("chaos proxy cache: upstream 127.0.0.1:") }, "\(log)")
    XCTAssertTrue(log.allSatisfy { $0.text.contains("unreachable") }, "\(log)")

    supervisor.recordTaps(workersStopped: false)
    let ledger = try XCTUnwrap(journal.snapshot().taps["cache"])
    XCTAssertEqual(ledger.tap, "resp")
    XCTAssertEqual(ledger.service, "redis")
    XCTAssertEqual(ledger.events["PING"], 3)
    XCTAssertEqual(ledger.unackedAtCheck, 0)
    XCTAssertFalse(ledger.workersStopped)
  }
}
