import Foundation
import XCTest

@testable import Harness

#if canImport(Glibc)
  import Glibc
#endif

/// Resource readings from /proc and the first-quarter/last-quarter growth verdict.
final class SoakResourceTests: XCTestCase {
  func testStatusTextGivesRSSAndThreads() {
    let status = "Name:\tchaos\nVmPeak:\t  999 kB\nVmRSS:\t   20480 kB\nThreads:\t7\n"
    XCTAssertEqual(ProcessResources.parseStatus(status)?.rssKB, 20480)
    XCTAssertEqual(ProcessResources.parseStatus(status)?.threads, 7)
    XCTAssertNil(ProcessResources.parseStatus("Name: x\n"))
  }

  func testThisProcessCanBeRead() throws {
    let before = try XCTUnwrap(ProcessResources.read(pid: getpid()))
    let descriptor = open("/dev/null", O_RDONLY)
    defer { close(descriptor) }
    let after = try XCTUnwrap(ProcessResources.read(pid: getpid()))
    XCTAssertGreaterThan(before.rssKB, 1000)
    XCTAssertGreaterThanOrEqual(before.threads, 1)
    XCTAssertEqual(after.openFDs, before.openFDs + 1)
    XCTAssertNil(ProcessResources.read(pid: 0x7fff_fff0))
  }

  private func samples(
    _ process: String = "downloader#1", pid: Int32 = 10, rss: (Double) -> Int,
    fds: (Double) -> Int = { _ in 10 }
  ) -> [ResourceSample] {
    stride(from: 0.0, through: 100, by: 5).map { time in
      ResourceSample(
        time: time, process: process, pid: pid,
        resources: ProcessResources(rssKB: rss(time), openFDs: fds(time), threads: 4))
    }
  }

  func testSteadyMemoryWithASpikeIsNoLeak() {
    // A reconnect's extra socket at one sample, and an RSS spike, do not move the medians.
    let growth = ResourceGrowth(
      process: "downloader#1",
      samples: samples(rss: { $0 == 85 ? 90_000 : 20_000 }, fds: { $0 == 90 ? 14 : 10 }),
      span: 0...100, limit: 0.05)
    XCTAssertFalse(growth.leak)
    XCTAssertEqual(growth.samplesFirst, 5)
    XCTAssertEqual(growth.samplesLast, 6)
    XCTAssertEqual(growth.figures.map(\.growth), [0, 0, 0])
  }

  func testSteadyGrowthIsALeak() {
    let growth = ResourceGrowth(
      process: "downloader#1", samples: samples(rss: { 20_000 + Int($0) * 20 }), span: 0...100, limit: 0.05)
    let rss = try? XCTUnwrap(growth.figures.first { $0.measure == .rss })
    XCTAssertEqual(rss?.first, 20_200)
    XCTAssertEqual(rss?.last, 21_750)
    XCTAssertEqual(rss?.growth ?? 0, 1550.0 / 20_200, accuracy: 1e-9)
    XCTAssertTrue(growth.leak)
    XCTAssertEqual(
      ResourceGrowth.describe(try XCTUnwrap(rss)), "RSS 19.7 MB → 21.2 MB (+7.7 %)")
  }

  func testAMeasureNotJudgedIsReportedButNeverALeak() {
    let growth = ResourceGrowth(
      process: "chaos", samples: samples("chaos", rss: { 20_000 + Int($0) * 200 }), span: 0...100,
      limit: 0.05,
      judged: [.fds])
    XCTAssertFalse(growth.leak)
    XCTAssertGreaterThan(growth.figures[0].growth ?? 0, 0.5)
  }

  func testOnlyTheLastProcessOfAnInstanceCounts() {
    let old = samples(pid: 10, rss: { _ in 10_000 }).filter { $0.time < 50 }
    let new = samples(pid: 11, rss: { _ in 30_000 }).filter { $0.time >= 50 }
    let growth = ResourceGrowth(process: "downloader#1", samples: old + new, span: 0...100, limit: 0.05)
    XCTAssertEqual(growth.pid, 11)
    XCTAssertEqual(growth.figures, [])
    XCTAssertFalse(growth.leak)
  }
}

/// Leaks are judged on samples taken while no fault was in place.
final class SoakSteadySampleTests: XCTestCase {
  func testSamplesDuringAFaultAndJustAfterAreLeftOut() {
    let samples = stride(from: 0.0, through: 30, by: 1).map {
      ResourceSample(
        time: $0, process: "chaos", pid: 1, resources: ProcessResources(rssKB: 1, openFDs: 1, threads: 1))
    }
    let timeline = [
      StepRecord(
        index: 0, description: "restart rabbitmq (down 2s)", trigger: "at 10s", location: "soak.scn:3:5",
        verb: "restart", target: "rabbitmq", targetKind: "service", service: "rabbitmq",
        interruptsService: true,
        startedAt: 10.5, endedAt: 20.2),
      StepRecord(
        index: 1, description: "cut rabbitmq", trigger: "at 28s", location: "soak.scn:6:5", verb: "cut",
        target: "rabbitmq", targetKind: "proxy", service: "rabbitmq", interruptsService: true, startedAt: 28,
        endedAt: nil),
      StepRecord(
        index: 2, description: "reset rabbitmq", trigger: "at 40s", location: "soak.scn:9:5", verb: "reset",
        target: "rabbitmq", targetKind: "proxy", service: "rabbitmq", interruptsService: true),
    ]
    let kept = SoakRunner.steadySamples(samples, timeline: timeline).map(\.time)
    XCTAssertEqual(kept, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 23, 24, 25, 26, 27])
  }
}
