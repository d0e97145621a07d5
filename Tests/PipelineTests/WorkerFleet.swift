import Foundation
import LocalServices

#if canImport(Glibc)
  import Glibc
#endif

/// Real `chaos-worker` processes for the pipeline tests, with their JSON lines collected.
final class WorkerFleet: @unchecked Sendable {
  let environment: [String: String]
  private let lock = NSLock()
  private var lines: [(role: String, line: String)] = []
  private(set) var workers: [(role: String, process: ChildProcess)] = []

  init(environment: [String: String]) {
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    self.environment = env
  }

  /// `chaos-worker`, built next to the test bundle.
  static var binary: String {
    let bundle = Bundle.main.bundlePath
    var directory = URL(fileURLWithPath: bundle).deletingLastPathComponent()
    if bundle.hasSuffix(".xctest") == false { directory = URL(fileURLWithPath: bundle) }
    for candidate in [directory, directory.deletingLastPathComponent()] {
      let path = candidate.appendingPathComponent("chaos-worker").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return directory.appendingPathComponent("chaos-worker").path
  }

  @discardableResult
  func start(_ role: String, extra: [String: String] = [:]) throws -> ChildProcess {
    var env = environment
    env.merge(extra) { _, new in new }
    let child = try ChildProcess(
      name: "chaos-worker \(role)", executable: Self.binary, arguments: [role], environment: env,
      output: .lines { [weak self] line in self?.record(role, line) })
    lock.lock()
    workers.append((role, child))
    lock.unlock()
    return child
  }

  func startAll(extra: [String: String] = [:]) throws {
    for role in ["scanner", "downloader", "translator", "consumer"] { try start(role, extra: extra) }
  }

  private func record(_ role: String, _ line: String) {
    lock.lock()
    lines.append((role, line))
    lock.unlock()
  }

  /// Every line logged so far, by role.
  func log(_ role: String? = nil) -> [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines.filter { role == nil || $0.role == role }.map(\.line)
  }

  /// The `msg` of every JSON line of `role`, in order.
  func messages(_ role: String? = nil) -> [String] {
    log(role).compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        return nil
      }
      return object["msg"] as? String
    }
  }

  func count(_ message: String, role: String? = nil) -> Int {
    messages(role).filter { $0 == message }.count
  }

  func stopAll() {
    for (_, child) in workers { child.send(SIGTERM) }
    for (_, child) in workers { child.terminate(grace: 8) }
  }
}
