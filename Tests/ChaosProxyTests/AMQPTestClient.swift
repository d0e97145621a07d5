import Foundation

@testable import ChaosProxy

/// A tiny blocking AMQP 0-9-1 client for tests: handshake (guest/guest), one channel, queue
/// declare, publish, consume, ack. Just enough to drive real RabbitMQ traffic through the proxy.
final class AMQPTestClient {
  let socket: TestSocket
  private var buffer: [UInt8] = []

  struct Frame {
    var type: UInt8
    var channel: UInt16
    var payload: [UInt8]
    var classID: UInt16 { payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 0 }
    var methodID: UInt16 { payload.count >= 4 ? UInt16(payload[2]) << 8 | UInt16(payload[3]) : 0 }
  }

  init(port: UInt16, recording: Bool = false) throws {
    socket = try TestSocket(port: port, timeout: 10)
    socket.recording = recording
    try socket.write(AMQPDecoder.protocolHeader)
    _ = try expect(10, 10)  // connection.start
    let response = Array("\0guest\0guest".utf8)
    try send(
      method: 10, 11,
      [0, 0, 0, 0] + Self.short("PLAIN") + Self.long(UInt32(response.count)) + response + Self.short("en_US"))
    let tune = try expect(10, 30)
    let channelMax = Array(tune.payload[4..<6])
    try send(method: 10, 31, channelMax + Self.long(131_072) + [0, 0])
    try send(method: 10, 40, Self.short("/") + Self.short("") + [0])
    _ = try expect(10, 41)
    try send(method: 20, 10, Self.short(""), channel: 1)
    _ = try expect(20, 11)
  }

  static func short(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
  static func long(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (24 - 8 * $0)) & 0xFF) } }
  static func longLong(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (56 - 8 * $0)) & 0xFF) } }

  func send(method classID: UInt16, _ methodID: UInt16, _ arguments: [UInt8], channel: UInt16 = 0) throws {
    let payload =
      [UInt8(classID >> 8), UInt8(classID & 0xFF), UInt8(methodID >> 8), UInt8(methodID & 0xFF)] + arguments
    try socket.write(frame(1, channel: channel, payload))
  }

  private func frame(_ type: UInt8, channel: UInt16, _ payload: [UInt8]) -> [UInt8] {
    [type, UInt8(channel >> 8), UInt8(channel & 0xFF)] + Self.long(UInt32(payload.count)) + payload + [0xCE]
  }

  func readFrame() throws -> Frame {
    while buffer.count < 7 { buffer += try socket.read() }
    let size = Int(buffer[3]) << 24 | Int(buffer[4]) << 16 | Int(buffer[5]) << 8 | Int(buffer[6])
    while buffer.count < 8 + size { buffer += try socket.read() }
    let frame = Frame(
      type: buffer[0], channel: UInt16(buffer[1]) << 8 | UInt16(buffer[2]),
      payload: Array(buffer[7..<(7 + size)]))
    buffer.removeFirst(8 + size)
    return frame
  }

  /// Reads frames until the method `classID.methodID` (heartbeats and others skipped).
  func expect(_ classID: UInt16, _ methodID: UInt16) throws -> Frame {
    while true {
      let frame = try readFrame()
      if frame.type == 1, frame.classID == classID, frame.methodID == methodID { return frame }
      if frame.type == 1, frame.classID == 10, frame.methodID == 50 { throw TestSocket.Failure.closed }
    }
  }

  func declareQueue(_ name: String) throws {
    try send(method: 50, 10, [0, 0] + Self.short(name) + [0] + [0, 0, 0, 0], channel: 1)
    _ = try expect(50, 11)
  }

  func publish(_ queue: String, _ body: [UInt8]) throws {
    try send(method: 60, 40, [0, 0] + Self.short("") + Self.short(queue) + [0], channel: 1)
    try socket.write(frame(2, channel: 1, [0, 60, 0, 0] + Self.longLong(UInt64(body.count)) + [0, 0]))
    try socket.write(frame(3, channel: 1, body))
  }

  func consume(_ queue: String, prefetch: UInt16) throws {
    try send(method: 60, 10, [0, 0, 0, 0, UInt8(prefetch >> 8), UInt8(prefetch & 0xFF), 0], channel: 1)
    _ = try expect(60, 11)
    try send(method: 60, 20, [0, 0] + Self.short(queue) + Self.short("") + [0] + [0, 0, 0, 0], channel: 1)
    _ = try expect(60, 21)
  }

  /// The next delivery: its tag, redelivered flag and body.
  func nextDelivery() throws -> (tag: UInt64, redelivered: Bool, body: [UInt8]) {
    let method = try expect(60, 60)
    var offset = 4
    offset += 1 + Int(method.payload[offset])  // consumer tag
    var tag: UInt64 = 0
    for index in 0..<8 { tag = tag << 8 | UInt64(method.payload[offset + index]) }
    let redelivered = method.payload[offset + 8] & 1 != 0
    let header = try readFrame()
    var size: UInt64 = 0
    for index in 0..<8 { size = size << 8 | UInt64(header.payload[4 + index]) }
    var body: [UInt8] = []
    while body.count < Int(size) { body += try readFrame().payload }
    return (tag, redelivered, body)
  }

  func ack(_ tag: UInt64) throws {
    try send(method: 60, 80, Self.longLong(tag) + [0], channel: 1)
  }

  /// channel.close then connection.close, waiting for each close-ok.
  func close() throws {
    try send(method: 20, 40, [0, 200] + Self.short("bye") + [0, 0, 0, 0], channel: 1)
    _ = try expect(20, 41)
    try send(method: 10, 50, [0, 200] + Self.short("bye") + [0, 0, 0, 0])
    _ = try expect(10, 51)
    socket.close()
  }
}
