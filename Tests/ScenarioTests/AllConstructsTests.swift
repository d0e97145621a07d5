import Harness
import XCTest

@testable import Scenario

/// A file that uses every construct of the grammar parses into the expected values.
final class AllConstructsTests: XCTestCase {
  static let text = """
    name: everything
    services:
      cache: { kind: redis, external: "127.0.0.1:6379", restart: "docker restart redis", kill: "docker kill redis" }
      rabbitmq: rabbitmq
    proxies:
      cache: cache
      mq: { to: rabbitmq }
    workers:
      scanner: 1
      downloader: { count: 2, env: { WORK_DELAY_MS: 50 } }
      consumer: 1
    settings: { A: true, B: 0.5, C: "x y" }
    workload: { jobs: 10 }
    timeline:
      - at: 1s
        slice: mq
        size: 1
        variation: 2
        delay: 10us
        for: 2s
      - at: 2s
        throttle: mq
        rate: 2MB/s
      - at: 2500ms
        clear: mq
      - at: 3s
        cut: mq
        for: 1s
      - after: Redis reconnection successful
        from: downloader
        count: 2
        kill worker: downloader
        index: 2
      - after: 5 commands on cache
        restart: cache
      - at: 10s
        pause: rabbitmq
      - at: 11s
        resume: rabbitmq
      - at: 12s
        kill: rabbitmq
      - at: 13s
        start: rabbitmq
      - at: 14s
        stop worker: scanner
    expect:
      - log: /reconnect(ion)? successful/
        count: "< 5"
        after: 3s
        before: worker.stopped
        within: 10s
      - backoff: cache
        tolerance: 12.5%
      - no crash
    """

  func testEveryConstruct() throws {
    let model = try ScenarioParser.parse(text: Self.text, file: "all.scn")
    XCTAssertEqual(model.seed, 1)
    XCTAssertEqual(model.deadline, 120)
    XCTAssertEqual(model.services[0].external, "127.0.0.1:6379")
    XCTAssertEqual(
      model.services[0].commands, ["restart": "docker restart redis", "kill": "docker kill redis"])
    XCTAssertEqual(model.services[1].kind, .rabbitmq)
    XCTAssertEqual(model.proxies.map(\.service), ["cache", "rabbitmq"])
    XCTAssertEqual(model.workers[1].environment, ["WORK_DELAY_MS": "50"])
    XCTAssertEqual(model.settings, ["A": "true", "B": "0.5", "C": "x y"])
    XCTAssertEqual(model.workload, Workload(jobs: 10, rate: nil))
    XCTAssertEqual(
      model.timeline.map(\.trigger),
      [
        .at(1), .at(2), .at(2.5), .at(3),
        .afterLog(message: .text("Redis reconnection successful"), from: "downloader", count: 2),
        .afterProtocol(count: 5, event: .commands, proxy: "cache"),
        .at(10), .at(11), .at(12), .at(13), .at(14),
      ])
    XCTAssertEqual(
      model.timeline.map(\.action),
      [
        StepAction(SliceFault(proxy: "mq", averageSize: 1, sizeVariation: 2, delayMicroseconds: 10)),
        StepAction(ThrottleFault(proxy: "mq", rateKBps: 2048)),
        StepAction(ClearFault(proxy: "mq")),
        StepAction(CutFault(proxy: "mq")),
        StepAction(KillWorkerFault(worker: "downloader", index: 2)),
        StepAction(RestartFault(service: "cache", down: 0)),
        StepAction(PauseFault(service: "rabbitmq")),
        StepAction(ResumeFault(service: "rabbitmq")),
        StepAction(KillFault(service: "rabbitmq")),
        StepAction(StartFault(service: "rabbitmq")),
        StepAction(StopWorkerFault(worker: "scanner", index: nil)),
      ])
    XCTAssertEqual(model.timeline.map(\.duration), [2, nil, nil, 1, nil, nil, nil, nil, nil, nil, nil])
    XCTAssertEqual(
      model.expectations.claims,
      [
        SameClaim(
          LogChecker(
            LogExpectation(
              pattern: .regex("reconnect(ion)? successful"), count: CountComparison(.less, 5),
              before: .message(.text("worker.stopped")), after: .time(3), within: 10))),
        SameClaim(BackoffChecker(service: "cache", tolerance: 0.125)),
        SameClaim(NoCrashChecker()),
      ])
    XCTAssertEqual(model.expectations[2].location, SourceLocation(file: "all.scn", line: 54, column: 5))
  }
}
