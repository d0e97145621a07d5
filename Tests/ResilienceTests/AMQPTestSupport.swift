import Foundation
import LocalServices
import Logging
import XCTest

@testable import Resilience

/// Collects the JSON log lines of one AMQP client, for assertions on the logged events.
final class AMQPLogCapture: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  private(set) var logger = Logger(label: "unset")

  init(worker: String) {
    let sink = LineSink { [weak self] line in self?.append(line) }
    logger = Logger(label: "rabbitmq") { label in JSONLogHandler(label: label, worker: worker, sink: sink) }
  }

  private func append(_ line: String) {
    lock.lock()
    lines.append(line)
    lock.unlock()
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Every logged event, parsed, in order.
  var events: [[String: Any]] {
    lock.lock()
    let copy = lines
    lock.unlock()
    return copy.compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
  }

  var messages: [String] { events.compactMap { $0["msg"] as? String } }

  func events(_ message: String) -> [[String: Any]] { events.filter { $0["msg"] as? String == message } }

  /// Waits until `message` was logged at least `count` times.
  @discardableResult
  func waitFor(_ message: String, count: Int = 1, timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if events(message).count >= count { return true }
      usleep(20_000)
    }
    return events(message).count >= count
  }
}

/// A set of strings and counters shared between a test and its consumer thread.
final class AMQPTally: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [String: Int] = [:]
  private var redeliveredBodies: Set<String> = []
  private var stopped = false

  func add(_ body: String, redelivered: Bool) {
    lock.lock()
    counts[body, default: 0] += 1
    if redelivered { redeliveredBodies.insert(body) }
    lock.unlock()
  }

  var snapshot: [String: Int] {
    lock.lock()
    defer { lock.unlock() }
    return counts
  }

  var redelivered: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return redeliveredBodies
  }

  func stop() {
    lock.lock()
    stopped = true
    lock.unlock()
  }

  var isStopped: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  /// Waits until every body in `expected` was counted.
  func waitFor(_ expected: Set<String>, timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if expected.isSubset(of: Set(snapshot.keys)) { return true }
      usleep(20_000)
    }
    return expected.isSubset(of: Set(snapshot.keys))
  }
}

extension ResilienceSettings {
  /// Settings for a private broker on `port`: delays 0.2 s doubling to 1 s, heartbeat 2 s.
  static func amqpTest(port: UInt16, maxRetries: Int = 40) throws -> ResilienceSettings {
    try ResilienceSettings(
      environment: Environment([
        "RABBITMQ_URL": "amqp://guest:guest@127.0.0.1:\(port)/%2F",
        "RABBITMQ_RECONNECT_INITIAL_DELAY": "0.2",
        "RABBITMQ_RECONNECT_MAX_DELAY": "1",
        "RABBITMQ_RECONNECT_MAX_RETRIES": String(maxRetries),
        "RABBITMQ_HEARTBEAT": "2",
        "RABBITMQ_CONFIRM_TIMEOUT": "5",
      ]))
  }
}

extension AMQPTopology {
  /// One durable topic exchange and one durable queue bound with `#`, consumed when `consume`.
  static func single(_ name: String, consume: Bool, prefetch: UInt16 = 50) -> AMQPTopology {
    AMQPTopology(
      exchanges: [.init(name: "\(name).exchange")], queues: [.init(name: "\(name).queue")],
      bindings: [.init(queue: "\(name).queue", exchange: "\(name).exchange", routingKey: "#")],
      prefetch: prefetch, consumeQueues: consume ? ["\(name).queue"] : [])
  }
}
