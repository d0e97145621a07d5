import LogVocabulary
import XCTest

@testable import Pipeline

final class DocumentTests: XCTestCase {
  func testContentIsDeterministicAndDiffersBetweenDocuments() {
    XCTAssertEqual(Document.content(for: "doc-000001"), Document.content(for: "doc-000001"))
    XCTAssertNotEqual(Document.content(for: "doc-000001"), Document.content(for: "doc-000002"))
    let words = Document.content(for: "doc-000042").split(separator: " ")
    XCTAssertTrue((40..<104).contains(words.count))
  }

  func testTranslationReversesAndUppercasesEveryWord() {
    XCTAssertEqual(Document.translate("redis queue"), "SIDER EUEUQ")
  }

  func testChecksumIsFNV1a64() {
    XCTAssertEqual(Checksum.fnv1a(""), "cbf29ce484222325")
    XCTAssertEqual(Checksum.fnv1a("a"), "af63dc4c8601ec8c")
    XCTAssertNotEqual(Document.expectedChecksum(for: "doc-1"), Document.expectedChecksum(for: "doc-2"))
  }

  func testJobMessageRoundTripsAndRejectsGarbage() throws {
    let message = JobMessage(job: "doc-7", phase: .downloaded, ts: "2026-11-29T00:00:00.000Z")
    XCTAssertEqual(try JobMessage.decode(message.encoded()), message)
    XCTAssertThrowsError(try JobMessage.decode(Array("not json".utf8)))
  }

  func testPhasesAreOrderedAndKeysArePrefixed() {
    XCTAssertLessThan(JobPhase.created, JobPhase.done)
    let keys = KeySpace(prefix: "run1:")
    XCTAssertEqual(keys.job("doc-1"), "run1:job:doc-1")
    XCTAssertEqual(keys.inbox, "run1:inbox")
  }
}

final class PipelineReportTests: XCTestCase {
  func testAllDoneIsClean() {
    let ids = Set((1...3).map { "doc-\($0)" })
    let report = PipelineReport.build(
      expected: 3, fedIds: ids, phases: Dictionary(uniqueKeysWithValues: ids.map { ($0, "done") }),
      completions: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }), queues: ["chaos.consumer": 0])
    XCTAssertTrue(report.isClean)
    XCTAssertEqual(report.done, 3)
  }

  func testDeletedJobIsLostDoubledCompletionIsDuplicateAndQueuesCount() {
    let report = PipelineReport.build(
      expected: 4, fedIds: ["a", "b", "c"], phases: ["a": "done", "b": "downloaded"],
      completions: ["a": 2], queues: ["chaos.translator": 1])
    XCTAssertEqual(report.done, 1)
    XCTAssertEqual(report.stuck, ["downloaded": 1])
    XCTAssertEqual(report.lost, 2, "c has no job, and one expected document was never fed")
    XCTAssertEqual(report.duplicates, 1)
    XCTAssertEqual(report.examples["lost"], ["c"])
    XCTAssertEqual(report.lostIds, ["doc-000001", "c"], "every lost id, for the check contract")
    XCTAssertEqual(report.duplicateIds, ["a"])
    XCTAssertFalse(report.isClean)
  }
}
