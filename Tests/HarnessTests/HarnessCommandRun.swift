import Foundation
import LocalServices
import XCTest

/// A `chaos` command run by a test in its own work directory, with a private TMPDIR, so that what
/// the run leaves behind (temp dirs, processes that name the TMPDIR) can be checked afterwards.
struct HarnessCommandRun {
  let work: TemporaryDirectory
  let tmp: String
  let chaos: String

  init(_ prefix: String) throws {
    chaos = try ChaosExecutable.locate()
    work = try TemporaryDirectory(prefix: prefix)
    tmp = work.file("tmp")
    try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
  }

  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = tmp
    return environment
  }

  /// Writes `text` as `name` in the work directory and returns its path.
  func file(_ name: String, _ text: String) throws -> String {
    try text.write(toFile: work.file(name), atomically: true, encoding: .utf8)
    return work.file(name)
  }

  /// Temp dirs the run left in its TMPDIR.
  var leftDirectories: [String] { (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] }

  /// Processes still naming the TMPDIR after `timeout` seconds.
  func survivors(timeout: Double = 5) -> [String] {
    ProcessProbe.survivors(mentioning: tmp, timeout: timeout)
  }

  /// Kills whatever is left (so that a failing test does not leak) and removes the work directory.
  func cleanUp() {
    for line in ProcessProbe.mentioning(tmp) {
      if let pid = Int32(line.prefix { $0 != " " }) { kill(pid, SIGKILL) }
    }
    work.remove()
  }
}

/// A small stack: Redis and RabbitMQ behind proxies, one worker per role, a short workload.
enum SmallStackScenario {
  static func text(name: String, jobs: Int = 20, extra: String = "") -> String {
    """
    name: \(name)
    seed: 3
    deadline: 90s
    services:
      redis: redis
      rabbitmq: rabbitmq
    proxies:
      redis: { to: redis }
      rabbitmq: { to: rabbitmq }
    workers: { scanner: 1, downloader: 1, translator: 1, consumer: 1 }
    workload: { jobs: \(jobs), rate: 10/s }
    timeline:
      - at: 1s
        cut: redis
        for: 500ms
    \(extra)
    expect:
      - jobs: all done
        within: 60s
      - no crash

    """
  }
}
