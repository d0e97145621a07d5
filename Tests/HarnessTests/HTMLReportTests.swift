import Foundation
import Pipeline
import Scenario
import WorkerMetrics
import XCTest

@testable import Harness

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The HTML timeline report, checked on a journal built here: well-formed, self-contained, lanes
/// for every service and worker, fault windows where the steps ran, worker events, expectations.
final class HTMLReportTests: XCTestCase {
  /// A redis restart from 5 s to 9.2 s and a rabbitmq cut from 15 s to 18 s; downloader#1 loses
  /// Redis, retries three times and reconnects; translator#1 loses RabbitMQ and never gets back.
  static func journal() -> RunJournal {
    var recorded = RecordedJournal(jobs: 30)
    recorded.journal.scenario.name = "redis <script>alert(1)</script> & co"
    recorded.journal.scenario.workers = ["scanner": 1, "downloader": 2, "translator": 1]
    recorded.journal.scenario.proxies = ["rabbitmq": "rabbitmq"]
    recorded.outage("redis", from: 5, to: 9.2)
    recorded.journal.timeline.append(
      StepRecord(
        index: 1, description: "cut rabbitmq for 3s", trigger: "at 15s", location: "recorded.scn:12:5",
        verb: "cut", target: "rabbitmq", targetKind: "proxy", service: "rabbitmq", interruptsService: true,
        startedAt: 15, endedAt: 18))
    for job in 1...30 {
      let id = DocumentID.make(job)
      let time = Double(job)
      recorded.event(time, "scanner#1", "job.created", ["job": id])
      recorded.event(time + 0.5, "downloader#2", "job.done", ["job": id, "duplicate": false])
    }
    recorded.event(5.4, "downloader#1", "Redis health check failed", level: "warning", ["error": "refused"])
    for (attempt, time) in [5.6, 6.0, 6.8].enumerated() {
      recorded.event(time, "downloader#1", "reconnect.attempt", ["service": "redis", "attempt": attempt + 1])
    }
    recorded.event(9.5, "downloader#1", "Redis reconnection successful", ["service": "redis", "attempts": 3])
    recorded.event(
      15.2, "translator#1", "RabbitMQ connection lost, reconnecting...", level: "warning", ["error": "<eof>"])
    recorded.journal.exits.append(
      WorkerExit(
        instance: "translator#1", role: "translator", generation: 1, pid: 4242, status: 9, time: 20,
        requestedSignal: nil))
    recorded.checker(fed: 30, done: 30)
    recorded.journal.checker?.time = 40
    recorded.journal.results = [
      recorded.evaluate(LostChecker(maximum: 0)),
      recorded.evaluate(LogChecker(LogExpectation(pattern: .text("never <logged>")))),
    ]
    return recorded.journal
  }

  private func document(_ html: String) throws -> XMLDocument {
    try XMLDocument(data: Data(html.utf8), options: [])
  }

  private func nodes(_ document: XMLDocument, _ path: String) throws -> [XMLElement] {
    try document.nodes(forXPath: path).compactMap { $0 as? XMLElement }
  }

  private func number(_ element: XMLElement, _ attribute: String) -> Double {
    Double(element.attribute(forName: attribute)?.stringValue ?? "") ?? .nan
  }

  func testTheReportIsWellFormedAndSelfContained() throws {
    let html = HTMLReport.render([RunOutcome(status: .failed, journal: Self.journal(), wallTime: 41)])
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    _ = try document(html)
    for forbidden in ["http://", "https://", "<script", "src=", "@import", "url(", "<link"] {
      XCTAssertFalse(html.contains(forbidden), "the report contains \(forbidden)")
    }
    XCTAssertTrue(html.contains("redis &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
    XCTAssertTrue(html.contains("<style>"))
  }

  /// The wire's view per worker and the services' own client counts are in the report.
  func testLinksPerWorkerAndServiceClients() throws {
    var journal = Self.journal()
    journal.links = [
      LinkRecord(
        time: 1, proxy: "redis", service: "redis", link: 1, kind: "refused", client: "127.0.0.1:5001",
        instance: "downloader#1", generation: 1, pid: 42),
      LinkRecord(
        time: 2, proxy: "redis", service: "redis", link: 2, kind: "accepted", client: "127.0.0.1:5002",
        instance: "downloader#1", generation: 1, pid: 42),
      LinkRecord(
        time: 2.1, proxy: "redis", service: "redis", link: 2, kind: "exchange", client: "127.0.0.1:5002",
        instance: "downloader#1", generation: 1, pid: 42),
      LinkRecord(
        time: 3, proxy: "redis", service: "redis", link: 3, kind: "accepted", client: "10.0.0.9:6000"),
    ]
    journal.serviceSamples = [
      ServiceSample(time: 1, service: "redis", clients: 4),
      ServiceSample(time: 2, service: "redis", clients: nil),
      ServiceSample(time: 3, service: "rabbitmq", clients: 5, consumers: 3),
    ]
    let html = HTMLReport.render([RunOutcome(status: .failed, journal: journal, wallTime: 41)])
    XCTAssertTrue(html.contains("Links per worker"))
    XCTAssertTrue(
      html.contains("<tr><td>downloader#1</td><td>redis</td><td>2</td><td>1</td><td>0</td><td>1</td>"), html)
    XCTAssertTrue(html.contains("<td>client 10.0.0.9</td>"))
    XCTAssertTrue(html.contains("Clients as the services saw them"))
    XCTAssertTrue(html.contains("rabbitmq consumers"))
    // The wire's attempts and first exchange sit on the worker's lane too.
    XCTAssertEqual(html.components(separatedBy: "class=\"mark wireAttempt\"").count - 1, 2)
    XCTAssertEqual(html.components(separatedBy: "class=\"mark wireExchange\"").count - 1, 1)
    XCTAssertTrue(html.contains("first exchange (wire)"))
    _ = try document(html)
  }

  func testEveryServiceAndWorkerHasALane() throws {
    let html = HTMLReport.render([RunOutcome(status: .failed, journal: Self.journal(), wallTime: 41)])
    let page = try document(html)
    let services = try nodes(page, "//*[contains(@class,'service-label')]").map { $0.stringValue ?? "" }
    XCTAssertEqual(services, ["rabbitmq", "redis"])
    let workers = try nodes(page, "//*[contains(@class,'worker-label')]").map { $0.stringValue ?? "" }
    XCTAssertEqual(workers, ["scanner#1", "downloader#1", "downloader#2", "translator#1"])
  }

  func testFaultWindowsSitWhereTheStepsRan() throws {
    let journal = Self.journal()
    let axis = HTMLReport.axis(for: journal)
    XCTAssertEqual(axis.start, 0)
    XCTAssertEqual(axis.end, 40 * 1.01, accuracy: 1e-9)
    let page = try document(HTMLReport.render([RunOutcome(status: .failed, journal: journal, wallTime: 41)]))
    let scale = TimeAxis.plotWidth / (40 * 1.01)
    let redis = try XCTUnwrap(nodes(page, "//*[@data-step='0']/*[contains(@class,'fault')]").first)
    XCTAssertEqual(number(redis, "x"), TimeAxis.labelWidth + 5 * scale, accuracy: 0.01)
    XCTAssertEqual(number(redis, "width"), 4.2 * scale, accuracy: 0.01)
    let cut = try XCTUnwrap(nodes(page, "//*[@data-step='1']/*[contains(@class,'fault')]").first)
    XCTAssertEqual(number(cut, "x"), TimeAxis.labelWidth + 15 * scale, accuracy: 0.01)
    XCTAssertEqual(number(cut, "width"), 3 * scale, accuracy: 0.01)
    // Lanes are stacked in name order: rabbitmq first, then redis below it.
    XCTAssertGreaterThan(number(redis, "y"), number(cut, "y"))
  }

  func testWorkerLanesShowDisconnectionsAttemptsAndReconnections() throws {
    let lanes = ReportLanes(Self.journal())
    let downloader = try XCTUnwrap(lanes.workers.first { $0.instance == "downloader#1" })
    XCTAssertEqual(downloader.marks.map(\.mark), [.disconnect, .attempt, .attempt, .attempt, .reconnected])
    XCTAssertEqual(downloader.disconnections, [.init(service: "redis", start: 5.4, end: 9.5)])
    let translator = try XCTUnwrap(lanes.workers.first { $0.instance == "translator#1" })
    XCTAssertEqual(translator.marks.map(\.mark), [.disconnect, .exit])
    XCTAssertEqual(translator.disconnections, [.init(service: "rabbitmq", start: 15.2, end: 20)])

    let page = try document(
      HTMLReport.render([RunOutcome(status: .failed, journal: Self.journal(), wallTime: 41)]))
    XCTAssertEqual(try nodes(page, "//*[contains(@class,'mark attempt')]").count, 3)
    let reconnected = try XCTUnwrap(nodes(page, "//*[contains(@class,'mark reconnected')]").first)
    XCTAssertEqual(number(reconnected, "cx"), HTMLReport.axis(for: Self.journal()).x(9.5), accuracy: 0.01)
    XCTAssertEqual(try nodes(page, "//*[contains(@class,'mark exit')]").count, 1)
    XCTAssertEqual(try nodes(page, "//*[contains(@class,'disconnected')]").count, 2)
  }

  func testThroughputAndInFlightComeFromJobEvents() {
    let series = ReportSeries(Self.journal(), start: 0, end: 40.4)
    XCTAssertEqual(series.binWidth, 1)
    XCTAssertEqual(series.throughput.count, 41)
    XCTAssertEqual(series.throughput.reduce(0, +), 30)
    // job n is created at n and done at n + 0.5: one in flight... none at the end of each second.
    XCTAssertEqual(series.throughput[1], 1)
    XCTAssertEqual(series.inFlight[1], 0)
    XCTAssertEqual(series.inFlight.max(), 0)
  }

  func testAMetricOfAMetricExpectationIsPlottedUnderTheLanes() throws {
    var journal = Self.journal()
    journal.scenario.plottedMetrics = [#"reconnect_success_total{service="redis"}"#]
    journal.metrics = (0...4).map { second in
      MetricScrape(
        time: Double(second) * 10, source: "downloader#1", pid: 7,
        samples: [
          PrometheusSample(
            name: "reconnect_success_total", labels: ["service": "redis"], value: second >= 2 ? 1 : 0)
        ])
    }
    let html = HTMLReport.render([RunOutcome(status: .failed, journal: journal, wallTime: 41)])
    _ = try document(html)
    XCTAssertTrue(
      html.contains("reconnect_success_total{service=&quot;redis&quot;}"), "the chart names its metric")
    let without = HTMLReport.render([RunOutcome(status: .failed, journal: Self.journal(), wallTime: 41)])
    XCTAssertEqual(
      html.components(separatedBy: "<svg").count, without.components(separatedBy: "<svg").count + 1)
  }

  func testExpectationRowsCarryVerdictAndEvidence() throws {
    let page = try document(
      HTMLReport.render([RunOutcome(status: .failed, journal: Self.journal(), wallTime: 41)]))
    let rows = try nodes(page, "//tr[contains(@class,'expectation')]")
    XCTAssertEqual(rows.count, 2)
    XCTAssertEqual(
      rows.map { $0.attribute(forName: "class")?.stringValue }, ["expectation pass", "expectation fail"])
    XCTAssertTrue(rows[1].stringValue?.contains("never <logged>") == true)
    XCTAssertTrue(rows[0].stringValue?.contains("lost") == true)
  }

  func testARunThatCouldNotStartStillGivesAPage() throws {
    var recorded = RecordedJournal()
    recorded.journal.errors = ["redis-server not found"]
    let html = HTMLReport.render([
      RunOutcome(status: .couldNotRun("redis-server not found"), journal: recorded.journal, wallTime: 0)
    ])
    let page = try document(html)
    XCTAssertEqual(try nodes(page, "//*[contains(@class,'status error')]").count, 1)
    XCTAssertTrue(html.contains("redis-server not found"))
  }

  func testEscapingCoversMarkupQuotesAndControlCharacters() {
    XCTAssertEqual(
      HTMLText.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    XCTAssertEqual(HTMLText.escape("bell\u{7}"), "bell\u{FFFD}")
  }
}
