import Foundation
import LocalServices
import XCTest

/// `chaos run DIR -j 1` with the suite's shared RabbitMQ node, as a user runs it: Ctrl-C in the
/// middle stops the shared node and leaves no temp dir, the next scenario is not started, and the
/// last line is the plain summary.
final class SharedBrokerCommandTests: XCTestCase {
  private func chaosBinary() throws -> String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var directory = (executable as NSString).deletingLastPathComponent
    for _ in 0..<3 {
      let candidate = "\(directory)/chaos"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = (directory as NSString).deletingLastPathComponent
    }
    throw MissingTool.error(
      "the chaos executable is not built next to the tests (swift build --product chaos)")
  }

  private func scenario(_ name: String) -> String {
    """
    name: \(name)
    seed: 9
    deadline: 60s
    services: { redis: redis, rabbitmq: rabbitmq }
    timeline:
      - { at: 30s, restart: redis, down: 100ms }
    expect:
      - no crash

    """
  }

  func testSIGINTDuringADirectoryRunStopsTheSharedNodeAndLeavesNoTempDir() throws {
    let chaos = try chaosBinary()
    let work = try TemporaryDirectory(prefix: "chaos-test-cli-shared")
    defer { work.remove() }
    let tmp = work.file("tmp")
    let suite = work.file("suite")
    for directory in [tmp, suite] {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    for name in ["first", "second"] {
      try scenario(name).write(toFile: "\(suite)/\(name).scn", atomically: true, encoding: .utf8)
    }
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = tmp
    let output = OutputLines()
    let run = try ChildProcess(
      name: "chaos run", executable: chaos, arguments: ["run", suite, "-j", "1"], environment: environment,
      output: .lines { output.append($0) })
    let deadline = Date().addingTimeInterval(60)
    let marker = "(rabbitmq, the suite's shared node) answers on 127.0.0.1:"
    while !output.text.contains(marker) && Date() < deadline && run.isRunning { usleep(50_000) }
    let port = try XCTUnwrap(
      output.text.split(separator: "\n").first { $0.contains(marker) }?.split(separator: ":").last
        .flatMap { UInt16($0) }, output.text)
    XCTAssertTrue(ReadinessProbe.accepts(port: port))
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: tmp).filter {
        $0.hasPrefix("chaos-shared-rabbitmq-")
      }
      .count, 1, "the shared node's temp dir")
    run.send(SIGINT)
    XCTAssertEqual(run.wait(timeout: 30), 2, output.text)
    usleep(100_000)
    XCTAssertFalse(ReadinessProbe.accepts(port: port), "the shared node still listens")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [], "temp dir left behind")
    XCTAssertFalse(output.text.contains("▶ second"), "the second scenario started after Ctrl-C")
    XCTAssertEqual(output.text.split(separator: "\n").last, "suite: 0 passed, 1 failed", output.text)
  }
}
