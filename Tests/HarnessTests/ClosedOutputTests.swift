import Foundation
import XCTest

/// Issue 13 item 1: `chaos run … | head -2` must not crash on the closed pipe; the run stops as on
/// Ctrl-C and leaves no process and no temp dir.
final class ClosedOutputTests: XCTestCase {
  func testAClosedStandardOutputStopsTheRunCleanly() throws {
    let run = try HarnessCommandRun("chaos-test-closed-stdout")
    defer { run.cleanUp() }
    let scenario = try run.file("small.scn", SmallStackScenario.text(name: "closed-stdout", jobs: 200))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: run.chaos)
    process.arguments = ["run", scenario, "--json", run.work.file("out.json")]
    process.environment = run.environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // `head -2`: read two lines, then go away.
    var seen = Data()
    while seen.split(separator: UInt8(ascii: "\n")).count < 2 {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    try output.fileHandleForReading.close()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(100_000) }
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    XCTAssertFalse(process.isRunning, "chaos run still runs 60 s after its stdout closed")
    XCTAssertEqual(process.terminationReason, .exit, "killed by a signal: \(stderr)")
    XCTAssertEqual(process.terminationStatus, 2, stderr)
    XCTAssertFalse(stderr.contains("Fatal error"), stderr)
    XCTAssertEqual(run.survivors(), [], "processes left behind")
    XCTAssertEqual(run.leftDirectories, [], "temp dir left behind")
    let journal = try String(contentsOfFile: run.work.file("out.json"), encoding: .utf8)
    XCTAssertTrue(journal.contains("interrupted by closed standard output"), journal.prefix(2000).description)
  }
}
