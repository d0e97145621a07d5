import Foundation
import LocalServices
import XCTest

/// `chaos run` as a user runs it: the built executable, a scenario file, signals, exit codes.
final class ChaosRunCommandTests: XCTestCase {
  private func chaosBinary() throws -> String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var directory = (executable as NSString).deletingLastPathComponent
    // The test runner lives in .build/<config>/<Package>PackageTests.xctest (a file or a bundle dir).
    for _ in 0..<3 {
      let candidate = "\(directory)/chaos"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = (directory as NSString).deletingLastPathComponent
    }
    throw MissingTool.error(
      "the chaos executable is not built next to the tests (swift build --product chaos)")
  }

  private let scenario = """
    name: services-only
    about: Redis and a timeline, no workers.
    seed: 5
    deadline: 60s
    services:
      redis: redis
    timeline:
      - at: 500ms
        restart: redis
        down: 300ms
      - at: 40s
        stop: redis
    expect:
      - no crash

    """

  func testSIGINTMidScenarioLeavesNoProcessAndNoTempDir() throws {
    let chaos = try chaosBinary()
    let work = try TemporaryDirectory(prefix: "chaos-test-cli")
    defer { work.remove() }
    let tmp = work.file("tmp")
    try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    try scenario.write(toFile: work.file("services.scn"), atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = tmp
    let output = OutputLines()
    let run = try ChildProcess(
      name: "chaos run", executable: chaos,
      arguments: ["run", work.file("services.scn"), "--junit", work.file("out.xml")],
      environment: environment, output: .lines { output.append($0) })
    let deadline = Date().addingTimeInterval(30)
    while !output.text.contains("restart redis (down 300ms): done") && Date() < deadline && run.isRunning {
      usleep(50_000)
    }
    XCTAssertTrue(output.text.contains("restart redis (down 300ms): done after"), output.text)
    XCTAssertTrue(output.text.contains("answers on 127.0.0.1:"), output.text)
    let port = try XCTUnwrap(
      output.text.split(separator: "\n").first { $0.contains("answers on") }?.split(separator: ":").last
        .flatMap { UInt16($0) })
    let serverDirectories = try FileManager.default.contentsOfDirectory(atPath: tmp)
    XCTAssertEqual(serverDirectories.count, 1, "the run's temp dir")
    run.send(SIGINT)
    XCTAssertEqual(run.wait(timeout: 20), 2, output.text)
    XCTAssertTrue(output.text.contains("could not run: interrupted by SIGINT"), output.text)
    XCTAssertFalse(ReadinessProbe.accepts(port: port), "redis-server still listens")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [], "temp dir left behind")
    XCTAssertTrue(redisServers(port: port).isEmpty, "redis-server process left")
    XCTAssertTrue(FileManager.default.fileExists(atPath: work.file("out.xml")))
  }

  func testExitCodes() throws {
    let chaos = try chaosBinary()
    let work = try TemporaryDirectory(prefix: "chaos-test-cli-codes")
    defer { work.remove() }
    let quick = scenario.replacingOccurrences(of: "  - at: 40s\n    stop: redis\n", with: "")
    try quick.write(toFile: work.file("ok.scn"), atomically: true, encoding: .utf8)
    let impossible = quick + "  - log: a line no worker ever writes\n"
    try impossible.write(toFile: work.file("impossible.scn"), atomically: true, encoding: .utf8)
    try "name: [broken\n".write(toFile: work.file("broken.scn"), atomically: true, encoding: .utf8)
    XCTAssertEqual(try runChaos(chaos, ["run", work.file("ok.scn")]).status, 0)
    let failed = try runChaos(chaos, ["run", work.file("impossible.scn")])
    XCTAssertEqual(failed.status, 1, failed.output)
    XCTAssertTrue(failed.output.contains("✘ log: a line no worker ever writes"), failed.output)
    XCTAssertTrue(failed.output.contains("0 matching lines, expected >= 1"), failed.output)
    let broken = try runChaos(chaos, ["run", work.file("broken.scn")])
    XCTAssertEqual(broken.status, 2, broken.output)
    XCTAssertTrue(broken.output.contains("broken.scn:"), broken.output)
    let all = try runChaos(chaos, ["run", work.path, "--json", work.file("all.json")])
    XCTAssertEqual(all.status, 2, "one scenario could not run")
    XCTAssertTrue(all.output.contains("1 of 3 scenarios passed"), all.output)
    let noLanes = try runChaos(chaos, ["run", work.path, "-j", "0"])
    XCTAssertEqual(noLanes.status, 2, noLanes.output)
    XCTAssertTrue(noLanes.output.contains("-j must be at least 1, found 0"), noLanes.output)
  }

  private func runChaos(_ chaos: String, _ arguments: [String]) throws -> (status: Int32?, output: String) {
    let output = OutputLines()
    let child = try ChildProcess(
      name: "chaos", executable: chaos, arguments: arguments, output: .lines { output.append($0) })
    let status = child.wait(timeout: 60) ?? child.terminate(grace: 2)
    usleep(100_000)
    return (status, output.text)
  }

  /// redis-server processes whose command line names `port`.
  private func redisServers(port: UInt16) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { Int($0) != nil }.compactMap { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
      let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      return command.contains("redis-server") && command.contains(String(port)) ? command : nil
    }
  }
}

/// A child's output lines, collected from its reader thread.
final class OutputLines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  func append(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    lines.append(line)
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return lines.joined(separator: "\n")
  }
}
