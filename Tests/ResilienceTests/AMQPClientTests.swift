import Foundation
import LocalServices
import XCTest

@testable import Resilience

/// The resilient AMQP client against one private rabbitmq-server node, booted once for the class.
/// Each test uses its own exchange and queue; the tests that stop, restart or pause the broker
/// leave it running for the next one.
final class AMQPClientTests: XCTestCase {
  nonisolated(unsafe) private static var server: RabbitMQServer?
  nonisolated(unsafe) private static var directory: TemporaryDirectory?

  override class func setUp() {
    super.setUp()
    do {
      let directory = try TemporaryDirectory(prefix: "amqp-client-tests")
      let server = try RabbitMQServer(directory: directory.path)
      try server.start()
      Self.directory = directory
      Self.server = server
    } catch {
      FileHandle.standardError.write(Data("rabbitmq-server did not start: \(error)\n".utf8))
    }
  }

  override class func tearDown() {
    server?.resume()
    server?.shutdown()
    directory?.remove()
    super.tearDown()
  }

  private var server: RabbitMQServer {
    get throws { try XCTUnwrap(Self.server, "rabbitmq-server did not start") }
  }

  override func tearDownWithError() throws {
    let server = try server
    server.resume()
    if !server.isRunning { try server.start() }
  }

  // MARK: tests

  func testHundredPersistentMessagesConfirmedConsumedAndAckedExactlyOnce() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "hundred")
    let consumer = AMQPClient(
      settings: settings, topology: .single("hundred", consume: true), logger: logs.logger)
    let publisher = AMQPClient(
      settings: settings, topology: .single("hundred", consume: false), logger: logs.logger)
    defer {
      consumer.close()
      publisher.close()
    }
    try consumer.connect()
    try publisher.connect()

    let started = Date()
    for index in 0..<100 {
      try publisher.publish(exchange: "hundred.exchange", routingKey: "job.created", body: body("m-\(index)"))
    }
    let publishSeconds = Date().timeIntervalSince(started)

    var counts: [String: Int] = [:]
    let deadline = Date().addingTimeInterval(15)
    while counts.values.reduce(0, +) < 100 && Date() < deadline {
      guard let delivery = try consumer.nextDelivery(timeout: 0.5) else { continue }
      XCTAssertEqual(delivery.queue, "hundred.queue")
      XCTAssertEqual(delivery.routingKey, "job.created")
      XCTAssertEqual(delivery.exchange, "hundred.exchange")
      XCTAssertFalse(delivery.redelivered)
      try consumer.ack(delivery)
      counts[text(delivery.body), default: 0] += 1
    }
    XCTAssertNil(try consumer.nextDelivery(timeout: 0.5), "no message beyond the 100 published")
    XCTAssertEqual(counts.count, 100)
    XCTAssertEqual(Set(counts.keys), Set((0..<100).map { "m-\($0)" }))
    XCTAssertTrue(counts.values.allSatisfy { $0 == 1 }, "each message delivered and acked once: \(counts)")
    let status = try publisher.queueStatus("hundred.queue")
    XCTAssertEqual(status.messages, 0)
    XCTAssertEqual(status.consumers, 1)
    XCTAssertThrowsError(try publisher.queueStatus("no.such.queue")) { error in
      XCTAssertEqual(error as? AMQPError, .queueNotFound("no.such.queue"))
    }
    XCTAssertTrue(publisher.healthCheck(), "a 404 on the side channel leaves the connection healthy")
    XCTAssertEqual(publisher.state.phase, .connected)
    print("100 confirmed publishes took \(String(format: "%.3f", publishSeconds)) s")
  }

  func testBrokerRestartLosesNoMessageAndEachIsAckedOnce() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let consumerLogs = AMQPLogCapture(worker: "restart-consumer")
    let publisherLogs = AMQPLogCapture(worker: "restart-publisher")
    let consumer = AMQPClient(
      settings: settings, topology: .single("restart", consume: true), logger: consumerLogs.logger)
    let publisher = AMQPClient(
      settings: settings, topology: .single("restart", consume: false), logger: publisherLogs.logger)
    defer {
      consumer.close()
      publisher.close()
    }
    try consumer.connect()
    try publisher.connect()
    let tally = AMQPTally()
    let consuming = startConsumer(consumer, tally: tally)
    defer { tally.stop() }

    var confirmed: Set<String> = []
    for index in 0..<20 {
      try publisher.publish(
        exchange: "restart.exchange", routingKey: "job.created", body: body("before-\(index)"))
      confirmed.insert("before-\(index)")
    }
    XCTAssertTrue(tally.waitFor(confirmed, timeout: 10), "the messages before the restart arrive")

    // Publishes during the outage, from another thread: each one is confirmed or throws.
    let outage = AMQPOutagePublisher(
      client: publisher, exchange: "restart.exchange", prefix: "during", count: 5)
    let restartStarted = Date()
    server.stop()
    outage.start()
    usleep(1_000_000)
    try server.start()
    let brokerDown = Date().timeIntervalSince(restartStarted)
    XCTAssertTrue(outage.wait(timeout: 40), "the outage publisher finished")

    for index in 0..<20 {
      try publisher.publish(
        exchange: "restart.exchange", routingKey: "job.created", body: body("after-\(index)"))
      confirmed.insert("after-\(index)")
    }
    confirmed.formUnion(outage.confirmed)
    XCTAssertTrue(tally.waitFor(confirmed, timeout: 30), "every confirmed message arrives after the restart")
    tally.stop()
    consuming.wait()

    let counts = tally.snapshot
    let missing = confirmed.subtracting(counts.keys)
    XCTAssertTrue(missing.isEmpty, "confirmed but never received: \(missing.sorted())")
    let beforeAndAfter = counts.filter { !$0.key.hasPrefix("during-") }
    XCTAssertTrue(beforeAndAfter.values.allSatisfy { $0 == 1 }, "acked more than once: \(beforeAndAfter)")
    XCTAssertEqual(
      outage.confirmed.count + outage.failed.count, 5, "each outage publish is confirmed or throws")
    let unexpected = Set(counts.keys).subtracting(confirmed).subtracting(outage.failed)
    XCTAssertTrue(unexpected.isEmpty, "received messages nobody published: \(unexpected)")

    for logs in [consumerLogs, publisherLogs] {
      let messages = logs.messages
      let lost = try XCTUnwrap(messages.firstIndex(of: "RabbitMQ connection lost, reconnecting..."))
      let back = try XCTUnwrap(messages.lastIndex(of: "RabbitMQ reconnection successful"))
      XCTAssertLessThan(lost, back)
      let attempts = logs.events("reconnect.attempt")
      XCTAssertFalse(attempts.isEmpty)
      XCTAssertTrue(attempts.allSatisfy { $0["service"] as? String == "rabbitmq" })
      XCTAssertEqual(attempts.first?["attempt"] as? Int, 1)
      XCTAssertEqual(attempts.first?["delay_s"] as? Double, 0.2)
    }
    XCTAssertEqual(consumer.state.phase, .connected)
    XCTAssertGreaterThanOrEqual(consumer.state.reconnections, 1)
    print(
      "restart: broker down \(String(format: "%.1f", brokerDown)) s; outage publishes confirmed \(outage.confirmed.count), failed \(outage.failed.count); received \(counts.count) distinct, redelivered \(tally.redelivered.count)"
    )
  }

  func testClientStartedWhileBrokerIsDownConnectsWhenItComesUp() throws {
    let server = try server
    server.stop()
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "late")
    let client = AMQPClient(settings: settings, topology: .single("late", consume: true), logger: logs.logger)
    defer { client.close() }
    let connecting = AMQPBackgroundCall { try client.connect() }
    XCTAssertTrue(logs.waitFor("reconnect.attempt", count: 2, timeout: 5), "the client waits with backoff")
    XCTAssertEqual(client.state.phase, .reconnecting)
    try server.start()
    let outcome = try XCTUnwrap(connecting.wait(timeout: 20), "connect() returned once the broker was up")
    XCTAssertNil(outcome, "connect() succeeded: \(String(describing: outcome))")
    XCTAssertEqual(client.state.phase, .connected)
    XCTAssertTrue(logs.messages.contains("RabbitMQ reconnection successful"))

    try client.publish(exchange: "late.exchange", routingKey: "k", body: body("hello"))
    let delivery = try XCTUnwrap(client.nextDelivery(timeout: 5))
    XCTAssertEqual(text(delivery.body), "hello")
    try client.ack(delivery)
    let delays = logs.events("reconnect.attempt").compactMap { $0["delay_s"] as? Double }
    XCTAssertEqual(Array(delays.prefix(4)), Array([0.2, 0.4, 0.8, 1.0].prefix(delays.count)))
  }

  func testDeliveryFromOldConnectionIsNotAckedAndIsRedelivered() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "stale")
    let client = AMQPClient(
      settings: settings, topology: .single("stale", consume: true), logger: logs.logger)
    defer { client.close() }
    try client.connect()
    try client.publish(exchange: "stale.exchange", routingKey: "k", body: body("only"))
    let first = try XCTUnwrap(client.nextDelivery(timeout: 5))
    XCTAssertFalse(first.redelivered)
    XCTAssertEqual(first.generation, 1)

    let closed = try server.control(["close_all_connections", "chaos test: force a reconnection"])
    XCTAssertEqual(closed.status, 0, closed.output)
    let deadline = Date().addingTimeInterval(10)
    while client.connectionGeneration < 2 && Date() < deadline {
      try client.ensureConnected()
      usleep(50_000)
    }
    XCTAssertEqual(client.connectionGeneration, 2, "ensureConnected() noticed the close and reconnected")
    let again = try XCTUnwrap(client.nextDelivery(timeout: 15), "the unacked message comes back")
    XCTAssertEqual(text(again.body), "only")
    XCTAssertTrue(again.redelivered)
    XCTAssertEqual(again.generation, 2)

    XCTAssertThrowsError(try client.ack(first)) { error in
      XCTAssertEqual(
        error as? AMQPError,
        .staleDelivery(deliveryTag: first.deliveryTag, generation: 1, currentGeneration: 2))
    }
    XCTAssertThrowsError(try client.nack(first, requeue: true))
    XCTAssertEqual(logs.events("message.ack.stale").count, 2)
    try client.ack(again)
    XCTAssertNil(try client.nextDelivery(timeout: 1), "acked once, gone")
    XCTAssertEqual(try client.queueStatus("stale.queue").messages, 0)
    XCTAssertTrue(logs.messages.contains("RabbitMQ connection lost, reconnecting..."))
  }

  func testHeartbeatDetectsPausedBroker() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "paused")
    let client = AMQPClient(
      settings: settings, topology: .single("paused", consume: true), logger: logs.logger)
    defer { client.close() }
    try client.connect()
    let tally = AMQPTally()
    let consuming = startConsumer(client, tally: tally)
    defer {
      tally.stop()
      consuming.wait()
    }
    usleep(500_000)

    let paused = Date()
    server.pause()
    let detected = logs.waitFor("RabbitMQ connection lost, reconnecting...", timeout: 10)
    let detection = Date().timeIntervalSince(paused)
    server.resume()
    XCTAssertTrue(detected, "a frozen broker is noticed")
    XCTAssertLessThanOrEqual(detection, 3 * Double(settings.rabbitHeartbeat), "noticed within 3 × heartbeat")
    let error = logs.events("RabbitMQ connection lost, reconnecting...").first?["error"] as? String ?? ""
    XCTAssertTrue(error.contains("heartbeat"), "lost because of missed heartbeats: \(error)")

    XCTAssertTrue(logs.waitFor("RabbitMQ reconnection successful", timeout: 20))
    try client.publish(exchange: "paused.exchange", routingKey: "k", body: body("after-pause"))
    XCTAssertTrue(tally.waitFor(["after-pause"], timeout: 10))
    print(
      "paused broker detected after \(String(format: "%.2f", detection)) s (heartbeat \(settings.rabbitHeartbeat) s)"
    )
  }

  func testIdleClientKeepsItsConnectionThroughHeartbeats() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "idle")
    let client = AMQPClient(settings: settings, topology: .single("idle", consume: true), logger: logs.logger)
    defer { client.close() }
    try client.connect()
    // No call for 4 × heartbeat: without our heartbeats the broker would drop the connection.
    usleep(UInt32(4 * settings.rabbitHeartbeat) * 1_000_000)
    XCTAssertTrue(client.healthCheck())
    try client.publish(exchange: "idle.exchange", routingKey: "k", body: body("still here"))
    let delivery = try XCTUnwrap(client.nextDelivery(timeout: 5))
    try client.ack(delivery)
    XCTAssertEqual(client.connectionGeneration, 1, "the first connection survived the idle time")
    XCTAssertFalse(logs.messages.contains("RabbitMQ connection lost, reconnecting..."))
  }

  func testPublishToFrozenBrokerIsLoggedRetriedAfterReconnectAndConfirmed() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let consumerLogs = AMQPLogCapture(worker: "frozen-consumer")
    let publisherLogs = AMQPLogCapture(worker: "frozen-publisher")
    let consumer = AMQPClient(
      settings: settings, topology: .single("frozen", consume: true), logger: consumerLogs.logger)
    let publisher = AMQPClient(
      settings: settings, topology: .single("frozen", consume: false), logger: publisherLogs.logger)
    defer {
      consumer.close()
      publisher.close()
    }
    try consumer.connect()
    try publisher.connect()
    let tally = AMQPTally()
    let consuming = startConsumer(consumer, tally: tally)
    defer {
      tally.stop()
      consuming.wait()
    }

    server.pause()
    let started = Date()
    let publishing = AMQPBackgroundCall {
      try publisher.publish(exchange: "frozen.exchange", routingKey: "job.created", body: Data("frozen".utf8))
    }
    XCTAssertTrue(
      publisherLogs.waitFor("message.publish.failed", timeout: 10), "the unconfirmed publish is reported")
    let failedAfter = Date().timeIntervalSince(started)
    server.resume()
    let failure = try XCTUnwrap(publisherLogs.events("message.publish.failed").first)
    XCTAssertEqual(failure["routing_key"] as? String, "job.created")
    XCTAssertEqual(failure["retrying"] as? Bool, true)

    let outcome = try XCTUnwrap(publishing.wait(timeout: 30), "publish() returned")
    XCTAssertNil(outcome, "the retry after reconnecting was confirmed: \(String(describing: outcome))")
    XCTAssertTrue(tally.waitFor(["frozen"], timeout: 15), "the confirmed message is delivered")
    let messages = publisherLogs.messages
    let failedAt = try XCTUnwrap(messages.firstIndex(of: "message.publish.failed"))
    let lostAt = try XCTUnwrap(messages.firstIndex(of: "RabbitMQ connection lost, reconnecting..."))
    let backAt = try XCTUnwrap(messages.firstIndex(of: "RabbitMQ reconnection successful"))
    XCTAssertLessThan(failedAt, lostAt)
    XCTAssertLessThan(lostAt, backAt)
    usleep(500_000)
    let copies = tally.snapshot["frozen"] ?? 0
    XCTAssertGreaterThanOrEqual(copies, 1)
    XCTAssertLessThanOrEqual(copies, 2, "at most the original and the retry")
    print(
      "frozen broker: publish failed after \(String(format: "%.2f", failedAfter)) s; copies delivered \(copies)"
    )
  }

  func testReconnectionGivesUpAfterMaxRetriesWithTheBackoffSchedule() throws {
    let nothingListens = try FreePort.allocate()
    let settings = try ResilienceSettings.amqpTest(port: nothingListens, maxRetries: 3)
    let logs = AMQPLogCapture(worker: "nobroker")
    let client = AMQPClient(
      settings: settings, topology: .single("nobroker", consume: true), logger: logs.logger)
    defer { client.close() }
    let started = Date()
    XCTAssertThrowsError(try client.connect()) { error in
      guard case .reconnectFailed(let attempts, _) = error as? AMQPError else { return XCTFail("\(error)") }
      XCTAssertEqual(attempts, 3)
    }
    let elapsed = Date().timeIntervalSince(started)
    XCTAssertEqual(client.state.phase, .failed)
    let attempts = logs.events("reconnect.attempt")
    XCTAssertEqual(attempts.compactMap { $0["attempt"] as? Int }, [1, 2, 3])
    XCTAssertEqual(attempts.compactMap { $0["delay_s"] as? Double }, [0.2, 0.4, 0.8])
    XCTAssertEqual(attempts.compactMap { $0["max_retries"] as? Int }, [3, 3, 3])
    let failed = try XCTUnwrap(logs.events("RabbitMQ reconnection failed").first)
    XCTAssertEqual(failed["attempts"] as? Int, 3)
    XCTAssertEqual(failed["level"] as? String, "error")
    // The gaps between attempts, from the log timestamps, match the schedule within 20 %.
    let times = try attempts.map { try XCTUnwrap(timestamp($0["ts"] as? String)) }
    let firstTry = try XCTUnwrap(timestamp(logs.events("rabbitmq.connect.failed").first?["ts"] as? String))
    let gaps = zip([firstTry] + times, times).map { $1.timeIntervalSince($0) }
    for (gap, delay) in zip(gaps, [0.2, 0.4, 0.8]) {
      XCTAssertEqual(gap, delay, accuracy: delay * 0.2, "gaps \(gaps)")
    }
    XCTAssertLessThan(elapsed, 3)

    // A publish without retry reports the failure at once and throws; nothing is silently dropped.
    XCTAssertThrowsError(
      try client.publish(
        exchange: "nobroker.exchange", routingKey: "k", body: body("lost?"), retryOnFailure: false))
    let publishFailed = try XCTUnwrap(logs.events("message.publish.failed").last)
    XCTAssertEqual(publishFailed["retrying"] as? Bool, false)
    XCTAssertFalse(client.healthCheck())
    XCTAssertTrue(logs.messages.contains("RabbitMQ health check failed"))
  }

  func testBadArgumentsAreClearErrors() throws {
    let server = try server
    let settings = try ResilienceSettings.amqpTest(port: server.port)
    let logs = AMQPLogCapture(worker: "bad")
    let bad = AMQPClient(
      settings: settings, topology: AMQPTopology(exchanges: [.init(name: "x", type: "nonsense")]),
      logger: logs.logger)
    XCTAssertThrowsError(try bad.connect()) { error in
      guard case .invalidArgument = error as? AMQPError else { return XCTFail("\(error)") }
    }
    let client = AMQPClient(settings: settings, topology: .single("bad", consume: true), logger: logs.logger)
    defer { client.close() }
    XCTAssertThrowsError(try client.nextDelivery(timeout: -1))
    XCTAssertThrowsError(
      try client.publish(exchange: String(repeating: "x", count: 300), routingKey: "k", body: Data()))
    client.close()
    XCTAssertThrowsError(try client.publish(exchange: "bad.exchange", routingKey: "k", body: Data())) {
      error in
      XCTAssertEqual(error as? AMQPError, .closed)
    }
  }

  // MARK: helpers

  private func body(_ text: String) -> Data { Data(text.utf8) }

  private func timestamp(_ text: String?) -> Date? {
    guard let text else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
  }
  private func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

  /// A thread that takes every delivery, acks it and counts it (only when the ack went out).
  private func startConsumer(_ client: AMQPClient, tally: AMQPTally) -> AMQPBackgroundCall {
    AMQPBackgroundCall {
      while !tally.isStopped {
        guard let delivery = try? client.nextDelivery(timeout: 0.5) else { continue }
        if (try? client.ack(delivery)) != nil {
          tally.add(String(decoding: delivery.body, as: UTF8.self), redelivered: delivery.redelivered)
        }
      }
    }
  }
}
