import SeededRandom
import XCTest

@testable import ChaosProxy

/// RESP and AMQP decoders: any split of the stream gives the same events; garbage stops the tap.
final class TapDecoderTests: XCTestCase {
  func respEvents(_ stream: [UInt8], requests: Bool, splits: [Int] = []) -> [TapEvent] {
    var decoder = RESPDecoder(requests: requests)
    var events: [TapEvent] = []
    var start = 0
    for end in splits + [stream.count] where end >= start {
      stream[start..<end].withUnsafeBytes { decoder.feed($0, into: &events) }
      start = end
    }
    return events
  }

  func amqpEvents(_ stream: [UInt8], fromClient: Bool, splits: [Int] = []) -> [TapEvent] {
    var decoder = AMQPDecoder(fromClient: fromClient)
    var events: [TapEvent] = []
    var start = 0
    for end in splits + [stream.count] where end >= start {
      stream[start..<end].withUnsafeBytes { decoder.feed($0, into: &events) }
      start = end
    }
    return events
  }

  let requests = Array(
    "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n".utf8)
  let replies = Array("+OK\r\n$5\r\nhello\r\n-ERR no\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n$-1\r\n*0\r\n".utf8)

  func testRESPRequestsAndRepliesAtEverySplit() {
    let commands: [TapEvent] = [.command("SET"), .command("GET"), .command("PING")]
    let answers: [TapEvent] = [
      .reply(error: false), .reply(error: false), .reply(error: true), .reply(error: false),
      .reply(error: false),
      .reply(error: false),
    ]
    XCTAssertEqual(respEvents(requests, requests: true), commands)
    XCTAssertEqual(respEvents(replies, requests: false), answers)
    for split in 0...requests.count {
      XCTAssertEqual(respEvents(requests, requests: true, splits: [split]), commands, "split at \(split)")
    }
    for split in 0...replies.count {
      XCTAssertEqual(respEvents(replies, requests: false, splits: [split]), answers, "split at \(split)")
    }
    XCTAssertEqual(respEvents(requests, requests: true, splits: Array(1..<requests.count)), commands)
    XCTAssertEqual(respEvents(replies, requests: false, splits: Array(1..<replies.count)), answers)
  }

  func testRESPReportsWhereEachRequestAndReplyEnds() {
    var decoder = RESPDecoder(requests: true)
    var events: [TapEvent] = []
    let stream = Array("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nGET\r\n$1".utf8)
    stream.withUnsafeBytes { decoder.feed($0, into: &events) }
    XCTAssertEqual(decoder.completed.map(\.end), [14, 34])
    XCTAssertEqual(decoder.completed.map(\.command), ["PING", "GET"])
    XCTAssertEqual(decoder.currentCommand, "GET")
    var replies = RESPDecoder(requests: false)
    Array("+PONG\r\n$1\r\nv\r\n$5\r\nhel".utf8).withUnsafeBytes { replies.feed($0, into: &events) }
    XCTAssertEqual(replies.completed.map(\.end), [7, 14])
  }

  func testRESPGarbageStopsOnce() {
    let events = respEvents([0, 1, 2, 0xFF] + requests, requests: true)
    XCTAssertEqual(events.count, 1)
    if case .garbage = events.first {} else { XCTFail("expected garbage, got \(events)") }
  }

  static func frame(_ type: UInt8, channel: UInt16, _ payload: [UInt8], end: UInt8 = 0xCE) -> [UInt8] {
    let size = UInt32(payload.count)
    return [type, UInt8(channel >> 8), UInt8(channel & 0xFF)]
      + [UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)]
      + payload + [end]
  }

  static func method(_ classID: UInt16, _ methodID: UInt16, _ arguments: [UInt8] = []) -> [UInt8] {
    [UInt8(classID >> 8), UInt8(classID & 0xFF), UInt8(methodID >> 8), UInt8(methodID & 0xFF)] + arguments
  }

  static func longLong(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (56 - 8 * $0)) & 0xFF) } }

  static func deliver(tag: UInt64, redelivered: Bool = false) -> [UInt8] {
    frame(
      1, channel: 1, method(60, 60, [3] + Array("ctg".utf8) + longLong(tag) + [redelivered ? 1 : 0, 0, 0]))
      + frame(2, channel: 1, [0, 60, 0, 0] + longLong(5) + [0, 0])
      + frame(3, channel: 1, Array("hello".utf8))
  }

  static func ack(tag: UInt64, multiple: Bool = false) -> [UInt8] {
    frame(1, channel: 1, method(60, 80, longLong(tag) + [multiple ? 1 : 0]))
  }

  var clientStream: [UInt8] {
    AMQPDecoder.protocolHeader + Self.frame(1, channel: 1, Self.method(85, 10, [0]))
      + Self.frame(1, channel: 1, Self.method(60, 40, [0, 0, 0, 0, 0]))
      + Self.frame(2, channel: 1, [0, 60, 0, 0] + Self.longLong(5) + [0, 0])
      + Self.frame(3, channel: 1, Array("hello".utf8)) + Self.frame(8, channel: 0, [])
      + Self.ack(tag: 1) + Self.ack(tag: 3, multiple: true) + Self.ack(tag: 3) + Self.ack(tag: 9)
  }

  var serverStream: [UInt8] {
    Self.deliver(tag: 1) + Self.deliver(tag: 2) + Self.deliver(tag: 3, redelivered: true)
      + Self.deliver(tag: 4)
      + Self.frame(1, channel: 1, Self.method(60, 80, Self.longLong(1) + [0]))
  }

  func testAMQPFramesAtEverySplitGiveTheSameLedger() {
    let client = amqpEvents(clientStream, fromClient: true)
    let server = amqpEvents(serverStream, fromClient: false)
    XCTAssertFalse(client.contains { if case .garbage = $0 { return true } else { return false } })
    XCTAssertFalse(server.contains { if case .garbage = $0 { return true } else { return false } })
    for split in 0...clientStream.count {
      XCTAssertEqual(amqpEvents(clientStream, fromClient: true, splits: [split]), client, "split at \(split)")
    }
    for split in 0...serverStream.count {
      XCTAssertEqual(
        amqpEvents(serverStream, fromClient: false, splits: [split]), server, "split at \(split)")
    }
    XCTAssertEqual(amqpEvents(serverStream, fromClient: false, splits: Array(1..<serverStream.count)), server)

    let ledger = TapLedger()
    for event in server { ledger.record(event, upstream: false) }
    for event in client { ledger.record(event, upstream: true) }
    let report = ledger.report
    XCTAssertEqual(report.publishes, 1)
    XCTAssertEqual(report.deliveries, 4)
    XCTAssertEqual(report.redeliveries, 1)
    XCTAssertEqual(report.acks, 4)
    XCTAssertEqual(report.confirms, 1)
    XCTAssertEqual(report.unacked, 1)
    XCTAssertEqual(report.ackedTwice, 1)
    XCTAssertEqual(report.ackedUnknown, 1)
    XCTAssertEqual(report.events["confirm.select"], 1)
    XCTAssertEqual(report.events["basic.deliver"], 4)
    ledger.closeAll()
    XCTAssertEqual(ledger.report.unackedAtClose, 1)
    XCTAssertEqual(ledger.report.unacked, 0)
  }

  /// A no-ack consumer's deliveries (Celery's event and pidbox queues) are settled by the broker:
  /// counted, never unacked; a consumer with acks on another channel still is.
  func testNoAckDeliveriesAreNeverUnacked() {
    func consume(channel: UInt16, tag: String, bits: UInt8) -> [UInt8] {
      Self.frame(
        1, channel: channel,
        Self.method(60, 20, [0, 0, 1, 0x71, UInt8(tag.utf8.count)] + Array(tag.utf8) + [bits, 0, 0, 0, 0]))
    }
    func deliver(channel: UInt16, tag: String, deliveryTag: UInt64) -> [UInt8] {
      Self.frame(
        1, channel: channel,
        Self.method(
          60, 60, [UInt8(tag.utf8.count)] + Array(tag.utf8) + Self.longLong(deliveryTag) + [0, 0, 0]))
    }
    let client =
      AMQPDecoder.protocolHeader + consume(channel: 2, tag: "", bits: 2)
      + consume(channel: 3, tag: "fast", bits: 2 | 8)
      + consume(channel: 1, tag: "", bits: 0)
    let server =
      Self.frame(1, channel: 2, Self.method(60, 21, [4] + Array("amq1".utf8)))
      + Self.frame(1, channel: 1, Self.method(60, 21, [4] + Array("amq2".utf8)))
      + deliver(channel: 2, tag: "amq1", deliveryTag: 1) + deliver(channel: 3, tag: "fast", deliveryTag: 1)
      + deliver(channel: 1, tag: "amq2", deliveryTag: 1)
    let ledger = TapLedger()
    for event in amqpEvents(client, fromClient: true) { ledger.record(event, upstream: true) }
    for event in amqpEvents(server, fromClient: false) { ledger.record(event, upstream: false) }
    XCTAssertEqual(ledger.report.deliveries, 3)
    XCTAssertEqual(ledger.report.events["auto-acked"], 2)
    XCTAssertEqual(ledger.report.unacked, 1, "only the delivery to the consumer with acks")
    ledger.closeAll()
    XCTAssertEqual(ledger.report.unackedAtClose, 1)
  }

  func testAMQPGarbageStopsOnce() {
    var bad = serverStream
    bad[bad.count - 1] = 0x00  // bad frame end
    let events = amqpEvents(bad + serverStream, fromClient: false)
    XCTAssertEqual(events.filter { if case .garbage = $0 { return true } else { return false } }.count, 1)
    XCTAssertEqual(amqpEvents(Array("GET / HTTP/1.1\r\n".utf8), fromClient: true).count, 1)
  }

  /// Random and mutated streams: the decoders end (bounded CPU time), any split gives the events of
  /// the whole stream, and garbage is reported at most once, as the last event.
  func testRandomAndMutatedStreamsNeverCrashOrHang() {
    var generator = SeededGenerator(seed: 11)
    let valid = [requests, replies, clientStream, serverStream]
    let started = Self.threadCPUTime()
    for round in 0..<400 {
      var stream: [UInt8]
      if round % 2 == 0 {
        stream = (0..<Int(generator.next() % 512)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      } else {
        stream = valid[Int(generator.next() % 4)]
        for _ in 0..<3 where !stream.isEmpty {
          stream[Int(generator.next() % UInt64(stream.count))] = UInt8(truncatingIfNeeded: generator.next())
        }
      }
      let splits = (0..<5).map { _ in Int(generator.next() % UInt64(stream.count + 1)) }.sorted()
      let decoders: [(String, ([Int]) -> [TapEvent])] = [
        ("RESP requests", { self.respEvents(stream, requests: true, splits: $0) }),
        ("RESP replies", { self.respEvents(stream, requests: false, splits: $0) }),
        ("AMQP client", { self.amqpEvents(stream, fromClient: true, splits: $0) }),
        ("AMQP server", { self.amqpEvents(stream, fromClient: false, splits: $0) }),
      ]
      for (name, decode) in decoders {
        let whole = decode([])
        XCTAssertEqual(
          decode(splits), whole, "\(name), round \(round): the splits \(splits) changed the events")
        let garbage = whole.indices.filter {
          if case .garbage = whole[$0] { return true } else { return false }
        }
        XCTAssertLessThanOrEqual(garbage.count, 1, "\(name), round \(round)")
        if let only = garbage.first { XCTAssertEqual(only, whole.count - 1, "\(name): events after garbage") }
      }
    }
    let spent = Self.threadCPUTime() - started
    print("400 rounds took \(spent) s of CPU time")
  }

  static func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
