import Foundation
import LocalServices
import Scenario
import XCTest

@testable import Harness

/// `chaos run DIR --shard I/N`: every scenario of the suite in exactly one shard, the same share on
/// every call, balanced by the timing file; names without a timing hashed.
final class SuiteShardTests: XCTestCase {
  /// The real suite, scenarios/ (not run here: only listed).
  static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios").path

  private func suiteFiles() throws -> [String] {
    let (files, problems) = ScenarioFiles.expand([Self.suite])
    XCTAssertEqual(problems, [])
    XCTAssertGreaterThan(files.count, 10)
    return files
  }

  /// Each scenario's wall time in docs/suite.md's style: made up but fixed.
  private func timings(_ files: [String]) -> ScenarioTimings {
    var timings = ScenarioTimings()
    for (position, file) in files.enumerated() { timings.record(Double(10 + (position * 7) % 23), for: file) }
    return timings
  }

  func testTwoShardsCoverEveryScenarioOfTheSuiteExactlyOnce() throws {
    let files = try suiteFiles()
    for timings in [ScenarioTimings(), timings(files), timings(Array(files.prefix(5)))] {
      let first = try SuiteShard(index: 1, count: 2).files(of: files, timings: timings)
      let second = try SuiteShard(index: 2, count: 2).files(of: files, timings: timings)
      XCTAssertEqual((first + second).sorted(), files)
      XCTAssertEqual(Set(first).intersection(second), [])
      XCTAssertFalse(first.isEmpty)
      XCTAssertFalse(second.isEmpty)
    }
    let three = try (1...3).map {
      try SuiteShard(index: $0, count: 3).files(of: files, timings: timings(files))
    }
    XCTAssertEqual(three.flatMap { $0 }.sorted(), files)
  }

  func testTheShareIsTheSameOnEveryCallAndInAnyOrderOfTheTimingFile() throws {
    let files = try suiteFiles()
    let timings = timings(files)
    let shard = try SuiteShard(index: 2, count: 2)
    let once = shard.files(of: files, timings: timings)
    XCTAssertEqual(shard.files(of: files, timings: timings), once)
    let path = NSTemporaryDirectory() + "chaos-timings-\(getpid())-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try timings.write(to: path)
    XCTAssertEqual(try ScenarioTimings.read(path), timings)
    XCTAssertEqual(shard.files(of: files, timings: try ScenarioTimings.read(path)), once)
    // Without timings the name hash decides: fixed by the file names, not by the process.
    XCTAssertEqual(SuiteShard.nameHash("redis-restart.scn"), SuiteShard.nameHash("redis-restart.scn"))
    XCTAssertEqual(SuiteShard.nameHash(""), 0xcbf2_9ce4_8422_2325)
    XCTAssertEqual(SuiteShard.nameHash("a"), 0xaf63_dc4c_8601_ec8c)  // FNV-1a 64 of "a"
  }

  func testTimingsBalanceTheShardsLongestFirst() throws {
    let files = ["a.scn", "b.scn", "c.scn", "d.scn", "e.scn"]
    let timings = ScenarioTimings(seconds: [
      "a.scn": 10, "b.scn": 30, "c.scn": 10, "d.scn": 20, "e.scn": 10,
    ])
    let first = try SuiteShard(index: 1, count: 2).files(of: files, timings: timings)
    let second = try SuiteShard(index: 2, count: 2).files(of: files, timings: timings)
    // 30 → 1; 20 → 2; 10 (a) → 2; 10 (c) → 1 (30 = 30, the lowest); 10 (e) → 2: 40 s and 40 s.
    XCTAssertEqual(first, ["b.scn", "c.scn"])
    XCTAssertEqual(second, ["a.scn", "d.scn", "e.scn"])
    let load = { (share: [String]) in share.compactMap { timings.seconds(for: $0) }.reduce(0, +) }
    XCTAssertEqual(load(first), 40)
    XCTAssertEqual(load(second), 40)
    // Keyed by file name: the same timings whatever directory the suite was named by.
    XCTAssertEqual(
      try SuiteShard(index: 1, count: 2).files(of: files.map { "./x/" + $0 }, timings: timings),
      ["./x/b.scn", "./x/c.scn"])
  }

  func testTheRealSuiteIsBalancedByItsTimings() throws {
    let files = try suiteFiles()
    let timings = timings(files)
    let loads = try (1...2).map { index in
      try SuiteShard(index: index, count: 2).files(of: files, timings: timings)
        .compactMap { timings.seconds(for: $0) }.reduce(0, +)
    }
    // Greedy longest-first is within the longest scenario of a perfect split.
    let longest = files.compactMap { timings.seconds(for: $0) }.max() ?? 0
    XCTAssertLessThanOrEqual(abs(loads[0] - loads[1]), longest, "\(loads)")
  }

  func testBadShardsAndTimingFilesAreNamed() throws {
    XCTAssertThrowsError(try SuiteShard(parsing: "3/2")) {
      XCTAssertEqual("\($0)", "the shard must be 1…2, found 3")
    }
    XCTAssertThrowsError(try SuiteShard(parsing: "1-2")) {
      XCTAssertEqual("\($0)", "--shard takes I/N (for example 1/2), found \"1-2\"")
    }
    XCTAssertThrowsError(try SuiteShard(parsing: "0/0"))
    let path = NSTemporaryDirectory() + "chaos-timings-\(getpid())-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "{\"version\": 1, \"scenarios\": {\"a.scn\": -1}}".write(
      toFile: path, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try ScenarioTimings.read(path)) {
      XCTAssertEqual("\($0)", "\(path): the timing of a.scn is -1.0, expected seconds ≥ 0")
    }
    try "not json".write(toFile: path, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try ScenarioTimings.read(path)) {
      XCTAssertTrue("\($0)".hasPrefix("\(path): not a timing file"))
    }
    XCTAssertEqual(try ScenarioTimings.read(path + ".absent"), ScenarioTimings())
  }

  /// `chaos run scenarios/ --shard I/2 --list`: the built executable lists each file once, and
  /// `--timings` is read from the file.
  func testTheCommandListsTwoShardsThatCoverTheSuite() throws {
    let chaos = try ChaosExecutable.locate()
    let work = try TemporaryDirectory(prefix: "chaos-test-shard")
    defer { work.remove() }
    let files = try suiteFiles()
    try timings(files).write(to: work.file("timings.json"))
    var listed: [[String]] = []
    for index in 1...2 {
      let run = try CommandOutput.run(
        chaos, ["run", Self.suite, "--shard", "\(index)/2", "--timings", work.file("timings.json"), "--list"])
      XCTAssertEqual(run.status, 0, run.output)
      listed.append(run.output.split(separator: "\n").map(String.init))
    }
    XCTAssertEqual((listed[0] + listed[1]).sorted(), files)
    XCTAssertEqual(listed[0], try SuiteShard(index: 1, count: 2).files(of: files, timings: timings(files)))
    let again = try CommandOutput.run(
      chaos, ["run", Self.suite, "--shard", "1/2", "--timings", work.file("timings.json"), "--list"])
    XCTAssertEqual(again.output.split(separator: "\n").map(String.init), listed[0])
    let bad = try CommandOutput.run(chaos, ["run", Self.suite, "--shard", "3/2", "--list"])
    XCTAssertEqual(bad.status, 2, bad.output)
    XCTAssertTrue(bad.output.contains("the shard must be 1…2, found 3"), bad.output)
  }
}

/// A short `chaos` command's exit status and output (stdout and stderr).
enum CommandOutput {
  static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32?, output: String) {
    let output = OutputLines()
    let child = try ChildProcess(
      name: "chaos", executable: executable, arguments: arguments, output: .lines { output.append($0) })
    let status = child.wait(timeout: 60) ?? child.terminate(grace: 2)
    _ = child.waitForOutputEnd(timeout: 10)
    return (status, output.text)
  }
}
