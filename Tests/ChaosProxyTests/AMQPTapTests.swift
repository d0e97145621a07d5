import LocalServices
import SeededRandom
import XCTest

@testable import ChaosProxy

/// The AMQP tap on real RabbitMQ traffic through the proxy (one broker for the whole class).
final class AMQPTapTests: XCTestCase {
  nonisolated(unsafe) static var broker: RabbitMQServer?
  nonisolated(unsafe) static var directory: TemporaryDirectory?
  var engine: ProxyEngine!
  var port: UInt16 = 0

  override class func setUp() {
    super.setUp()
    do {
      let directory = try TemporaryDirectory(prefix: "chaos-amqp-tap")
      let server = try RabbitMQServer(directory: directory.path)
      try server.start()
      Self.directory = directory
      Self.broker = server
    } catch {
      print("AMQPTapTests: no RabbitMQ: \(error)")
    }
  }

  override class func tearDown() {
    broker?.shutdown()
    directory?.remove()
    super.tearDown()
  }

  override func setUpWithError() throws {
    let broker = try XCTUnwrap(Self.broker, "rabbitmq-server did not start")
    engine = try ProxyEngine(seed: 3)
    port =
      try engine.createProxy(ProxySpec(name: "amqp", upstream: "127.0.0.1:\(broker.port)", tap: .amqp))
      .listenPort
  }

  override func tearDown() {
    engine?.shutdown()
  }

  /// Link events: `ready` at connection.open-ok; the consumer's first exchange is its first
  /// delivery; a publisher without confirms never has one.
  func testReadyThenFirstDeliveryAsLinkEvents() throws {
    let publisher = try AMQPTestClient(port: port)
    try publisher.declareQueue("tap-events")
    try publisher.publish("tap-events", Array("one".utf8))
    let consumer = try AMQPTestClient(port: port)
    try consumer.consume("tap-events", prefetch: 1)
    try consumer.ack(try consumer.nextDelivery().tag)
    func events(_ client: AMQPTestClient) throws -> [LinkEvent] {
      try engine.linkEvents("amqp").filter { $0.clientPort == client.socket.localPort }
    }
    XCTAssertEqual(try events(publisher).map(\.kind), [.accepted, .connected, .ready])
    let consumed = try events(consumer)
    XCTAssertEqual(consumed.map(\.kind), [.accepted, .connected, .ready, .exchange])
    XCTAssertEqual(consumed.last?.detail, "basic.deliver")
    try consumer.close()
    try publisher.close()
  }

  func testHundredMessagesCountedBothWays() throws {
    let publisher = try AMQPTestClient(port: port, recording: true)
    try publisher.declareQueue("tap-hundred")
    for index in 0..<100 { try publisher.publish("tap-hundred", Array("message \(index)".utf8)) }
    let consumer = try AMQPTestClient(port: port, recording: true)
    try consumer.consume("tap-hundred", prefetch: 10)
    for index in 0..<100 {
      let delivery = try consumer.nextDelivery()
      XCTAssertEqual(delivery.body, Array("message \(index)".utf8))
      try consumer.ack(delivery.tag)
    }
    try consumer.close()
    try publisher.close()
    XCTAssertTrue(try engine.waitForTap("amqp", event: "acks", count: 100, timeout: 5))
    let report = try engine.taps("amqp")
    XCTAssertEqual(report.publishes, 100)
    XCTAssertEqual(report.deliveries, 100)
    XCTAssertEqual(report.acks, 100)
    XCTAssertEqual(report.unacked, 0)
    XCTAssertEqual(report.unackedAtClose, 0)
    XCTAssertEqual(report.ackedTwice + report.ackedUnknown, 0)
    XCTAssertTrue(report.stopped.isEmpty, "\(report.stopped)")

    // The live streams, replayed into fresh decoders one byte at a time and at random splits,
    // give the same counts as the tap saw while they passed.
    var generator = SeededGenerator(seed: 5)
    for round in 0..<20 {
      let ledger = TapLedger()
      for client in [publisher, consumer] {
        for (stream, fromClient) in [(client.socket.sent, true), (client.socket.received, false)] {
          var decoder = AMQPDecoder(fromClient: fromClient)
          var events: [TapEvent] = []
          var start = 0
          while start < stream.count {
            let step = round == 0 ? 1 : 1 + Int(generator.next() % 300)
            let end = min(start + step, stream.count)
            stream[start..<end].withUnsafeBytes { decoder.feed($0, into: &events) }
            start = end
          }
          for event in events { ledger.record(event, upstream: fromClient) }
        }
        ledger.closeAll()
      }
      // The replay cannot interleave the two directions as they were, so settlement (which
      // needs the delivery first) is left out: the counts must match exactly.
      let replayed = ledger.report
      XCTAssertEqual(replayed.events, report.events, "round \(round)")
      XCTAssertEqual(
        [replayed.publishes, replayed.deliveries, replayed.redeliveries, replayed.acks, replayed.confirms],
        [report.publishes, report.deliveries, report.redeliveries, report.acks, report.confirms],
        "round \(round)")
      XCTAssertTrue(replayed.stopped.isEmpty)
    }
  }

  func testMatchDelaysOnlyDeliveries() throws {
    try engine.addToxic(
      "amqp", ToxicSpec(type: .latency, attributes: ["latency": 200], match: "basic.deliver"))
    let client = try AMQPTestClient(port: port)
    let declare = measureMs { try? client.declareQueue("tap-match") }
    XCTAssertLessThan(declare, 150)
    try client.publish("tap-match", Array("slow".utf8))
    try client.consume("tap-match", prefetch: 1)
    let start = Date()
    let delivery = try client.nextDelivery()
    XCTAssertEqual(delivery.body, Array("slow".utf8))
    XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start) * 1000, 190)
    try client.ack(delivery.tag)
    try client.close()
  }

  private func measureMs(_ body: () -> Void) -> Double {
    let start = Date()
    body()
    return Date().timeIntervalSince(start) * 1000
  }

  func testResetAfterFifthDeliveryRedeliversTheUnacked() throws {
    let publisher = try AMQPTestClient(port: port)
    try publisher.declareQueue("tap-reset")
    for index in 0..<10 { try publisher.publish("tap-reset", Array("m\(index)".utf8)) }
    try publisher.close()
    try engine.addToxic(
      "amqp",
      ToxicSpec(
        type: .reset_peer, attributes: ["timeout": 0], trigger: ToxicTrigger(event: "basic.deliver", count: 5)
      ))
    let consumer = try AMQPTestClient(port: port)
    try consumer.consume("tap-reset", prefetch: 1)
    var received: [[UInt8]] = []
    do {
      while true {
        let delivery = try consumer.nextDelivery()
        received.append(delivery.body)
        usleep(20_000)  // the work; the reset comes before the ack of the 5th
        try consumer.ack(delivery.tag)
      }
    } catch {
      XCTAssertEqual(error as? TestSocket.Failure, .reset)
    }
    XCTAssertEqual(received.count, 5)
    try engine.removeToxic("amqp", "reset_peer_downstream")
    let second = try AMQPTestClient(port: port)
    try second.consume("tap-reset", prefetch: 10)
    let first = try second.nextDelivery()
    XCTAssertTrue(first.redelivered)
    XCTAssertEqual(first.body, Array("m4".utf8))
    try second.ack(first.tag)
    for _ in 0..<5 { try second.ack(try second.nextDelivery().tag) }
    try second.close()
    XCTAssertTrue(try engine.waitForTap("amqp", event: "acks", count: 10, timeout: 5))
    let report = try engine.taps("amqp")
    XCTAssertEqual(report.redeliveries, 1)
    XCTAssertEqual(report.unackedAtClose, 1)
    XCTAssertEqual(report.deliveries, 11)
  }
}
