import Foundation
import LocalServices
import XCTest

final class LocalServicesTests: XCTestCase {
  func testRedisStartsRestartsKeepsDataAndStops() throws {
    let dir = try TemporaryDirectory(prefix: "chaos-test-redis")
    defer { dir.remove() }
    let redis = try RedisServer(directory: dir.path)
    try redis.start()
    XCTAssertTrue(ReadinessProbe.redisAnswersPong(port: redis.port))
    try redis.restart(down: 0.2)
    XCTAssertTrue(ReadinessProbe.redisAnswersPong(port: redis.port))
    redis.pause()
    XCTAssertFalse(ReadinessProbe.redisAnswersPong(port: redis.port, timeout: 0.3))
    redis.resume()
    XCTAssertTrue(ReadinessProbe.redisAnswersPong(port: redis.port))
    let pid = try XCTUnwrap(redis.pid)
    redis.stop()
    XCTAssertFalse(redis.isRunning)
    XCTAssertFalse(ReadinessProbe.accepts(port: redis.port))
    XCTAssertNotEqual(kill(pid, 0), 0, "redis-server still exists after stop")
  }

  func testRabbitMQNodeStartsAnswersAMQPAndStopsWithItsEpmd() throws {
    let dir = try TemporaryDirectory(prefix: "chaos-test-rabbit")
    defer { dir.remove() }
    let rabbit = try RabbitMQServer(directory: dir.path)
    let started = Date()
    try rabbit.start()
    print("rabbitmq-server booted in \(Date().timeIntervalSince(started)) s")
    XCTAssertTrue(ReadinessProbe.amqpAnswersConnectionStart(port: rabbit.port))
    // The node runs from its private home (RabbitMQHome): unused plugins are not on its code path.
    let management = try rabbit.control(["eval", "code:lib_dir(rabbitmq_management)."])
    XCTAssertEqual(management.status, 0, management.output)
    XCTAssertTrue(management.output.contains("bad_name"), management.output)
    let rabbitDirectory = try rabbit.control(["eval", "code:lib_dir(rabbit)."])
    XCTAssertTrue(rabbitDirectory.output.contains("/rabbitmq-home/plugins/rabbit-"), rabbitDirectory.output)
    rabbit.shutdown()
    XCTAssertFalse(rabbit.isRunning)
    XCTAssertFalse(ReadinessProbe.accepts(port: rabbit.port))
    XCTAssertFalse(ReadinessProbe.accepts(port: rabbit.epmdPort), "epmd outlived the node")
  }

  func testChildOutputLinesAndExitStatus() throws {
    let collected = Collected()
    let child = try ChildProcess(
      name: "sh", executable: "sh", arguments: ["-c", "echo one; echo two; printf three; exit 3"],
      output: .lines { collected.append($0) })
    XCTAssertEqual(child.wait(timeout: 10), 3)
    let deadline = Date().addingTimeInterval(5)
    while collected.lines.count < 3 && Date() < deadline { usleep(10_000) }
    XCTAssertEqual(collected.lines, ["one", "two", "three"])
  }

  func testMissingExecutableIsAClearError() {
    XCTAssertThrowsError(
      try ChildProcess(name: "x", executable: "no-such-program-here", arguments: [], output: .discard)
    ) { error in
      XCTAssertEqual(error as? ServiceError, .executableNotFound("no-such-program-here"))
    }
  }
}

final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [String] = []
  func append(_ line: String) {
    lock.lock()
    storage.append(line)
    lock.unlock()
  }
  var lines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return storage
  }
}
