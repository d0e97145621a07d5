import Foundation
import Harness
import XCTest

@testable import Scenario

/// The `soak:` section: faults with `every:` ranges, the soak's settings, and the errors a broken
/// one gives.
final class SoakSectionTests: XCTestCase {
  static let header = """
    name: soak
    services:
      redis: redis
      rabbitmq: rabbitmq
    proxies:
      rabbitmq: { to: rabbitmq }
    workers: { scanner: 1, downloader: 2 }
    workload: { rate: 10/s }

    """

  private func parse(_ text: String) throws -> ScenarioModel {
    try ScenarioParser.parse(text: text, file: "x.scn")
  }

  private func errors(_ text: String) -> [String] {
    do {
      _ = try parse(text)
      return []
    } catch let errors as ScenarioErrors {
      return errors.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  func testAFullSoakSection() throws {
    let model = try parse(
      Self.header + """
        soak:
          check_every: 30s
          sample_every: 2s
          stuck_after: 45s
          drain: 90s
          max_growth: 7.5%
          faults:
            - reset: rabbitmq
              every: 20-60s
            - restart: redis
              every: 2-5m
              down: 2s
            - cut: rabbitmq
              every: 30s-2m
              for: 3s
            - kill worker: downloader
              index: 2
              every: 45s

        """)
    let soak = try XCTUnwrap(model.soak)
    XCTAssertEqual(soak.checkEvery, 30)
    XCTAssertEqual(soak.sampleEvery, 2)
    XCTAssertEqual(soak.stuckAfter, 45)
    XCTAssertEqual(soak.drain, 90)
    XCTAssertEqual(soak.maxGrowth, 0.075, accuracy: 1e-12)
    XCTAssertEqual(
      soak.faults.map(\.action),
      [
        StepAction(ResetFault(proxy: "rabbitmq")), StepAction(RestartFault(service: "redis", down: 2)),
        StepAction(CutFault(proxy: "rabbitmq")),
        StepAction(KillWorkerFault(worker: "downloader", index: 2)),
      ])
    XCTAssertEqual(soak.faults.map(\.every), [20...60, 120...300, 30...120, 45...45])
    XCTAssertEqual(soak.faults.map(\.duration), [nil, nil, 3, nil])
    XCTAssertEqual(soak.faults[1].location.line, 18)
    XCTAssertEqual(model.workload.rate, 10)
    XCTAssertEqual(model.workload.jobs, 0)
  }

  func testDefaults() throws {
    let model = try parse(Self.header + "soak:\n  faults:\n    - restart: redis\n      every: 1m\n")
    let soak = try XCTUnwrap(model.soak)
    XCTAssertEqual(
      [soak.checkEvery, soak.sampleEvery, soak.stuckAfter, soak.drain, soak.maxGrowth], [60, 5, 60, 60, 0.05])
    XCTAssertEqual(soak.faults.first?.action, StepAction(RestartFault(service: "redis", down: 0)))
  }

  func testAScenarioWithoutSoakHasNone() throws {
    XCTAssertNil(try parse("name: plain\n").soak)
  }

  func testBrokenSoakSections() {
    let cases: [(String, [String])] = [
      (
        "soak:\n  faults:\n    - stop: redis\n      every: 1m\n",
        [
          "x.scn:11:7: error: 'stop' cannot be a soak fault: it does not end by itself; use one of cut, delay, "
            + "reset, blackhole, throttle, slice, restart, kill worker, restart worker"
        ]
      ),
      (
        "soak:\n  faults:\n    - restart: redis\n",
        ["x.scn:11:7: error: soak fault 'restart' has no 'every'; expected e.g. 'every: 20-60s'"]
      ),
      (
        "soak:\n  faults:\n    - restart: redis\n      every: 60-20s\n",
        [
          "x.scn:12:14: error: 'every' must go from more than 0s up to at most 24h, lower bound first, found "
            + "'60-20s'"
        ]
      ),
      (
        "soak:\n  faults:\n    - restart: redis\n      every: often\n",
        [
          "x.scn:12:14: error: bad 'every' 'often'; expected a duration or a range of durations: 45s, 20-60s, 2-5m, 30s-2m"
        ]
      ),
      (
        "soak:\n  faults:\n    - restart: redis\n      down: 10s\n      every: 5-20s\n",
        ["x.scn:13:14: error: 'every' must be longer than each occurrence (10s), found '5-20s'"]
      ),
      (
        "soak:\n  faults:\n    - cut: rabbitmq\n      every: 1m\n",
        ["x.scn:11:7: error: 'cut' in a soak needs 'for:' (how long each occurrence lasts), e.g. 'for: 3s'"]
      ),
      (
        "soak:\n  faults:\n    - restart: redsi\n      every: 1m\n",
        ["x.scn:11:16: error: 'restart' names unknown service 'redsi'; did you mean 'redis'?"]
      ),
      (
        "soak:\n  check_evry: 1m\n  faults: []\n",
        ["x.scn:10:3: error: unknown key 'check_evry' in 'soak'; did you mean 'check_every'?"]
      ),
      (
        "soak:\n  max_growth: lots\n  faults: []\n",
        ["x.scn:10:15: error: 'max_growth' must be a percentage like 5%, found 'lots'"]
      ),
      (
        "soak:\n  check_every: 1m\n",
        [
          "x.scn:10:3: error: 'soak' has no 'faults'; expected a list like '- reset: rabbitmq' with 'every: 20-60s'"
        ]
      ),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(errors(Self.header + text), expected, text)
    }
  }

  func testASoakWorkloadHasARateAndNoJobs() {
    let base = "name: soak\nservices: { redis: redis, rabbitmq: rabbitmq }\n"
    let faults = "soak:\n  faults:\n    - restart: redis\n      every: 1m\n"
    XCTAssertEqual(
      errors(base + "workload: { jobs: 10, rate: 5/s }\n" + faults),
      ["x.scn:3:13: error: a soak's workload runs for the soak's --duration; give 'rate' only, not 'jobs'"])
    XCTAssertEqual(
      errors(base + faults),
      ["x.scn:4:3: error: a soak needs a continuous workload: add 'workload: { rate: 10/s }'"])
  }

  func testTheExampleSoakFileIsValid() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let model = try ScenarioParser.parse(
      contentsOf: root.appendingPathComponent("scenarios/soak/soak.scn").path)
    XCTAssertFalse(try XCTUnwrap(model.soak).faults.isEmpty)
  }
}
