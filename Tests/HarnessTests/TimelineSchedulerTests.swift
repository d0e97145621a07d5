import Foundation
import Scenario
import XCTest

@testable import Harness

/// Records when each action was performed; `cut`-like faults last until undone.
final class RecordingExecutor: StepExecutor, @unchecked Sendable {
  private let lock = NSLock()
  private let journal: EventJournal
  private(set) var performed: [(time: Double, action: String)] = []

  init(journal: EventJournal) {
    self.journal = journal
  }

  var log: [(time: Double, action: String)] {
    lock.lock()
    defer { lock.unlock() }
    return performed
  }

  private func note(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    performed.append((journal.now(), text))
  }

  func perform(_ action: StepAction) throws -> FaultEffect {
    note(action.description)
    switch action.fault.verb {
    case "cut", "delay", "blackhole": return .lasting { [self] in note("undo " + action.description) }
    case "stop", "kill", "pause": return .serviceDown
    case "restart":
      Thread.sleep(forTimeInterval: action.fault.downtime)
      return .finished(detail: nil)
    default: return .finished(detail: nil)
    }
  }
}

final class TimelineSchedulerTests: XCTestCase {
  private let here = SourceLocation(file: "timeline.scn", line: 3, column: 5)

  private func scheduler(
    _ steps: [TimelineStep], _ journal: EventJournal, _ executor: RecordingExecutor, console: Lines
  )
    -> TimelineScheduler
  {
    TimelineScheduler(
      steps: steps, journal: journal, executor: executor, proxyServices: ["redis": "cache"],
      console: { console.append($0) })
  }

  func testAtStepsFireInTimeOrderOnTime() {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let console = Lines()
    let steps = [
      TimelineStep(trigger: .at(0.6), action: StepAction(ResetFault(proxy: "redis")), location: here),
      TimelineStep(trigger: .at(0.2), action: StepAction(StopFault(service: "cache")), location: here),
      TimelineStep(trigger: .at(0.4), action: StepAction(StartFault(service: "cache")), location: here),
    ]
    let timeline = scheduler(steps, journal, executor, console: console)
    journal.markWorkloadStart()
    timeline.start()
    XCTAssertTrue(timeline.wait(timeout: 5))
    XCTAssertEqual(executor.log.map(\.action), ["stop cache", "start cache", "reset redis"])
    for (performed, due) in zip(executor.log.map(\.time), [0.2, 0.4, 0.6]) {
      XCTAssertGreaterThanOrEqual(performed, due)
      XCTAssertLessThan(performed, due + 0.5, "fired late")
    }
    XCTAssertEqual(console.lines.count, 4, "three steps, and the start says when the service is back")
    XCTAssertTrue(console.lines[0].hasPrefix("[  0.2s] stop cache"), console.lines[0])
    XCTAssertTrue(console.lines[2].hasPrefix("[  0.4s] start cache: done after"), console.lines[2])
    let records = journal.snapshot().timeline
    XCTAssertEqual(
      records[1].endedAt ?? -1, records[2].endedAt ?? -2, accuracy: 0.001, "start ends the stop window")
    XCTAssertEqual(records[0].service, "cache", "a proxy step names the service behind it")
  }

  func testForWindowsUndoTheFaultAfterItsDuration() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let timeline = scheduler(
      [
        TimelineStep(
          trigger: .at(0.1), action: StepAction(CutFault(proxy: "redis")), duration: 0.5, location: here)
      ], journal,
      executor,
      console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    XCTAssertTrue(timeline.wait(timeout: 5))
    XCTAssertEqual(executor.log.map(\.action), ["cut redis", "undo cut redis"])
    let record = try XCTUnwrap(journal.snapshot().timeline.first)
    let window = try XCTUnwrap(record.endedAt) - XCTUnwrap(record.startedAt)
    XCTAssertEqual(window, 0.5, accuracy: 0.15)
  }

  func testAFaultWithoutForLastsUntilClear() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let timeline = scheduler(
      [
        TimelineStep(trigger: .at(0.1), action: StepAction(BlackholeFault(proxy: "redis")), location: here),
        TimelineStep(trigger: .at(0.2), action: StepAction(ResetFault(proxy: "redis")), location: here),
        TimelineStep(trigger: .at(0.4), action: StepAction(ClearFault(proxy: "redis")), location: here),
      ], journal, executor, console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    XCTAssertTrue(timeline.wait(timeout: 5))
    let records = journal.snapshot().timeline
    XCTAssertEqual(try XCTUnwrap(records[0].endedAt), try XCTUnwrap(records[2].endedAt), accuracy: 0.001)
    XCTAssertEqual(executor.log.map(\.action), ["blackhole redis", "reset redis", "clear redis"])
  }

  func testAfterLogStepsWaitForTheMessage() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let timeline = scheduler(
      [
        TimelineStep(
          trigger: .afterLog(message: .text("Redis reconnection successful"), from: "downloader", count: 2),
          action: StepAction(RestartWorkerFault(worker: "downloader", index: 2)), location: here)
      ], journal, executor, console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    let line = #"{"msg":"Redis reconnection successful","level":"info"}"#
    journal.record(line: line, instance: "scanner#1", role: "scanner", generation: 1)
    journal.record(line: line, instance: "downloader#1", role: "downloader", generation: 1)
    Thread.sleep(forTimeInterval: 0.3)
    XCTAssertTrue(executor.log.isEmpty, "one downloader line is not two")
    journal.record(line: line, instance: "downloader#2", role: "downloader", generation: 1)
    XCTAssertTrue(timeline.wait(timeout: 5))
    XCTAssertEqual(executor.log.map(\.action), ["restart worker downloader#2"])
  }

  func testARegexTriggerMatchesAsLogDoes() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let timeline = scheduler(
      [
        TimelineStep(
          trigger: .afterLog(message: .regex(#"tick \d+"#), from: nil, count: 2),
          action: StepAction(KillWorkerFault(worker: "ticker", index: nil)), location: here)
      ], journal, executor, console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    journal.record(line: #"tick \d+"#, instance: "ticker.1", role: "ticker", generation: 1)
    journal.record(line: "tick 1", instance: "ticker.1", role: "ticker", generation: 1)
    journal.record(line: "tick 2", instance: "ticker.1", role: "ticker", generation: 1)
    XCTAssertTrue(timeline.wait(timeout: 5))
    XCTAssertEqual(executor.log.map(\.action), ["kill worker ticker.1"])
    XCTAssertNotNil(journal.snapshot().timeline[0].startedAt)
    XCTAssertEqual(StepResults.results(journal.snapshot().timeline), [])
  }

  func testATriggerThatNeverComesFailsTheRunUnlessOptional() throws {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let later = SourceLocation(file: "timeline.scn", line: 7, column: 5)
    let timeline = scheduler(
      [
        TimelineStep(
          trigger: .afterLog(message: .regex(#"tock \d+"#), from: "ticker", count: 1),
          action: StepAction(KillWorkerFault(worker: "ticker", index: nil)), location: here),
        TimelineStep(
          trigger: .afterLog(message: .text("never"), from: nil, count: 1),
          action: StepAction(KillWorkerFault(worker: "ticker", index: nil)), location: later, optional: true),
        TimelineStep(trigger: .at(30), action: StepAction(ResetFault(proxy: "redis")), location: later),
      ], journal, executor, console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    journal.record(line: "tick 1", instance: "ticker.1", role: "ticker", generation: 1)
    timeline.cancel()
    XCTAssertTrue(timeline.wait(timeout: 5))
    let records = journal.snapshot().timeline
    XCTAssertEqual(records[0].notFired, #"/tock \d+/ was logged by ticker 0 of 1 time"#)
    XCTAssertEqual(records[1].optional, true)
    XCTAssertTrue(try XCTUnwrap(records[2].notFired).hasPrefix("the run ended at"), "\(records[2])")
    let results = StepResults.results(records)
    XCTAssertEqual(results.map(\.location), ["timeline.scn:3:5", "timeline.scn:7:5"])
    XCTAssertTrue(results.allSatisfy { $0.outcome == .fail && $0.summary.hasPrefix("never fired: ") })
    XCTAssertEqual(
      records.compactMap(StepResults.consoleLine).first,
      #"✘ step timeline.scn:3:5 never fired: /tock \d+/ was logged by ticker 0 of 1 time"#)
  }

  func testCancelledStepsNeverFire() {
    let journal = EventJournal(scenario: ScenarioSummary(ScenarioModel(file: "t", name: "t")))
    let executor = RecordingExecutor(journal: journal)
    let timeline = scheduler(
      [
        TimelineStep(trigger: .at(0.1), action: StepAction(PauseFault(service: "cache")), location: here),
        TimelineStep(trigger: .at(30), action: StepAction(ResumeFault(service: "cache")), location: here),
      ], journal, executor, console: Lines())
    journal.markWorkloadStart()
    timeline.start()
    Thread.sleep(forTimeInterval: 0.3)
    timeline.cancel()
    XCTAssertTrue(timeline.wait(timeout: 2), "cancel ends the waits at once")
    XCTAssertEqual(executor.log.map(\.action), ["pause cache"])
    let records = journal.snapshot().timeline
    XCTAssertNil(records[1].startedAt)
    XCTAssertNil(records[0].endedAt, "never resumed")
  }
}

/// Console lines collected by a test.
final class Lines: @unchecked Sendable {
  private let lock = NSLock()
  private var collected: [String] = []

  func append(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    collected.append(line)
  }

  var lines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return collected
  }
}
