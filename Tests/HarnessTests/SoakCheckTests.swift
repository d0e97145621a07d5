import Foundation
import LogVocabulary
import Pipeline
import Scenario
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The periodic soak check, and the soak's part of the HTML report, on journals built here.
final class SoakCheckTests: XCTestCase {
  /// 20 documents fed one per second; all but doc-000003 done half a second later, each acked once.
  private func journal(skipping skipped: Set<Int> = [3], ackTwice: Bool = false) -> (
    RunJournal, [(String, Double)]
  ) {
    var recorded = RecordedJournal(jobs: 20)
    var fedAt: [(String, Double)] = []
    for number in 1...20 {
      let id = DocumentID.make(number)
      let time = Double(number)
      fedAt.append((id, time))
      guard !skipped.contains(number) else { continue }
      recorded.event(time + 0.1, "scanner#1", "job.created", ["job": id])
      recorded.event(time + 0.3, "downloader#1", "message.acked", ["job": id, "delivery_tag": number])
      if ackTwice && number == 5 {
        recorded.event(time + 0.35, "downloader#1", "message.acked", ["job": id, "delivery_tag": number])
      }
      recorded.event(time + 0.5, "downloader#1", "job.done", ["job": id, "duplicate": false])
    }
    return (recorded.journal, fedAt)
  }

  private func checker(done: Int, duplicates: Int = 0) -> CheckerRun {
    CheckerRun(
      time: 30, exitStatus: 0,
      report: PipelineReport(
        fed: 20, done: done, stuck: ["created": 20 - done], lost: 0, duplicates: duplicates,
        queues: ["chaos:downloader": 3], examples: duplicates > 0 ? ["duplicates": ["doc-000007"]] : [:]),
      problem: nil)
  }

  func testAJobOverdueBeyondTheBoundFailsTheCheck() {
    let (journal, fedAt) = journal()
    let check = SoakInvariants.decide(
      number: 2, time: 30, checker: checker(done: 19), journal: journal, fedAt: fedAt.map { ($0.0, $0.1) },
      stuckAfter: 15)
    // Fed within the last 15 s: documents 15…20 (6). One not done is within that bound…
    XCTAssertTrue(check.passed, check.line)
    // …but the logs name doc-000003, fed 27 s before, as overdue.
    XCTAssertEqual(check.evidence.first, "1 documents fed more than 15s ago have no job.done:")
    // With more not done than were fed recently, the check fails.
    let failing = SoakInvariants.decide(
      number: 2, time: 30, checker: checker(done: 12), journal: journal, fedAt: fedAt.map { ($0.0, $0.1) },
      stuckAfter: 15)
    XCTAssertFalse(failing.passed)
    XCTAssertEqual(failing.problems, ["8 jobs not done, but only 6 were fed in the last 15s"])
    XCTAssertTrue(
      failing.line.hasPrefix("✘ check 2 at 30s: fed 20, done 12, stuck 8 (created 8)"), failing.line)
  }

  func testDuplicatesAndDoubleAcksFailTheCheck() {
    let (journal, fedAt) = journal(skipping: [], ackTwice: true)
    let check = SoakInvariants.decide(
      number: 1, time: 30, checker: checker(done: 20, duplicates: 1), journal: journal,
      fedAt: fedAt.map { ($0.0, $0.1) }, stuckAfter: 15)
    XCTAssertEqual(check.problems.count, 2, check.problems.joined(separator: "\n"))
    XCTAssertEqual(check.problems[0], "1 jobs completed more than once")
    XCTAssertTrue(
      check.problems[1].hasPrefix("acks: 1 deliveries acked or nacked more than once"), check.problems[1])
    XCTAssertTrue(check.evidence.contains("  duplicate: doc-000007"))
  }

  func testQueuesWithWorkInThemDoNotFailAPeriodicCheck() {
    let (journal, fedAt) = journal(skipping: [])
    let check = SoakInvariants.decide(
      number: 1, time: 30, checker: checker(done: 20), journal: journal, fedAt: fedAt.map { ($0.0, $0.1) },
      stuckAfter: 15)
    XCTAssertTrue(check.passed, check.problems.joined())
  }

  func testACheckerThatCouldNotRunIsInconclusiveNotFailed() {
    let (journal, fedAt) = journal()
    let check = SoakInvariants.decide(
      number: 4, time: 60,
      checker: CheckerRun(
        time: 60, exitStatus: 2, report: nil, problem: "no JSON report (status 2):\nrefused"),
      journal: journal, fedAt: fedAt.map { ($0.0, $0.1) }, stuckAfter: 15)
    XCTAssertTrue(check.passed)
    XCTAssertEqual(check.inconclusive, "no JSON report (status 2):")
    XCTAssertEqual(check.line, "? check 4 at 1m: fed 20 — inconclusive: no JSON report (status 2):")
  }

  func testTheSoakReportAddsChecksResourcesAndTheSeed() throws {
    let (journal, fedAt) = journal()
    let check = SoakInvariants.decide(
      number: 1, time: 30, checker: checker(done: 12), journal: journal, fedAt: fedAt.map { ($0.0, $0.1) },
      stuckAfter: 15)
    let samples = stride(from: 0.0, through: 20, by: 2).flatMap { time in
      [
        ResourceSample(
          time: time, process: "chaos", pid: 1,
          resources: ProcessResources(rssKB: 30_000, openFDs: 40, threads: 20)),
        ResourceSample(
          time: time, process: "downloader#1", pid: 2,
          resources: ProcessResources(rssKB: 20_000, openFDs: 10 + Int(time), threads: 4)),
      ]
    }
    let plan = SoakPlan(location: SourceLocation(file: "soak.scn", line: 1, column: 1))
    let growth = ["chaos", "downloader#1"].map { process in
      ResourceGrowth(
        process: process, samples: samples.filter { $0.process == process }, span: 0...20, limit: 0.05)
    }
    let soak = SoakOutcome(
      run: RunOutcome(status: .passed, journal: journal, wallTime: 30), plan: plan, seed: 4242, duration: 20,
      ran: 20,
      schedule: [(5, "restart redis (down 2s)")], checks: [check], samples: samples, growth: growth,
      interrupted: false)
    XCTAssertFalse(soak.passed)
    XCTAssertEqual(soak.exitCode, 1)
    XCTAssertEqual(soak.leaks.map(\.process), ["downloader#1"])
    let summary = SoakReport.summary(soak)
    XCTAssertEqual(summary[0], "soak recorded: FAILED — seed 4242, ran 20s of 20s")
    XCTAssertTrue(
      summary.contains {
        $0.contains("downloader#1") && $0.contains("✘ LEAK") && $0.contains("open fds 12 → 28")
      })

    let html = SoakReport.html(soak)
    XCTAssertFalse(html.contains("http://") || html.contains("https://"))
    let page = try XMLDocument(data: Data(html.utf8), options: [])
    let badge = try page.nodes(forXPath: "//*[contains(@class,'status ')]").first?.stringValue ?? ""
    XCTAssertEqual(badge, "soak failed")
    XCTAssertEqual(try page.nodes(forXPath: "//tr[contains(@class,'soak-check')]").count, 1)
    XCTAssertEqual(try page.nodes(forXPath: "//*[@data-chart='RSS']//*[@data-series]").count, 2)
    XCTAssertEqual(try page.nodes(forXPath: "//tr[contains(@class,'growth fail')]").count, 1)
    XCTAssertTrue(html.contains("4242 (replay with --seed 4242)"))
  }
}
