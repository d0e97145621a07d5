/// An incremental AMQP 0-9-1 frame decoder: fed any split of the stream, it reports each frame
/// once complete. Frame payloads are kept only for method frames (small); content bodies are
/// skipped by count. A bad frame end, an unknown frame type or an absurd size means the stream is
/// not AMQP: the decoder reports `garbage` once and stops.
///
/// `fromClient` true: the stream starts with the protocol header `AMQP 0 0 9 1`.
struct AMQPDecoder {
  static let protocolHeader: [UInt8] = [65, 77, 81, 80, 0, 0, 9, 1]
  static let frameEnd: UInt8 = 0xCE
  static let maxMethodPayload = 1 << 20

  private enum State {
    case header(Int)  // protocol header bytes matched so far
    case frameHeader
    case methodPayload(channel: UInt16, size: Int)
    case skip(Int)  // payload bytes of a content frame still to skip
    case end(TapEvent?)  // waiting for the frame-end octet, then report
  }

  private(set) var failed = false
  private var state: State
  private var buffer: [UInt8] = []
  /// The frames that ended in the last fed bytes: the index after their frame-end octet, and
  /// the method they belong to (upper-cased, e.g. `BASIC.DELIVER`; content frames belong to the
  /// last method on their channel).
  private(set) var completed: [(end: Int, method: String?)] = []
  /// The method of the frame in progress, once known.
  private(set) var currentMethod: String?
  private var lastMethod: [UInt16: String] = [:]

  init(fromClient: Bool) { state = fromClient ? .header(0) : .frameHeader }

  mutating func feed(_ bytes: UnsafeRawBufferPointer, into events: inout [TapEvent]) {
    completed.removeAll(keepingCapacity: true)
    guard !failed else { return }
    var index = 0
    let count = bytes.count
    while index < count {
      switch state {
      case .header(let matched):
        guard bytes[index] == Self.protocolHeader[matched] else {
          return fail("no AMQP 0-9-1 protocol header", &events)
        }
        index += 1
        state = matched + 1 == Self.protocolHeader.count ? .frameHeader : .header(matched + 1)
      case .frameHeader:
        let take = min(7 - buffer.count, count - index)
        buffer += bytes[index..<(index + take)]
        index += take
        guard buffer.count == 7 else { continue }
        let type = buffer[0]
        let channel = UInt16(buffer[1]) << 8 | UInt16(buffer[2])
        let size = Int(buffer[3]) << 24 | Int(buffer[4]) << 16 | Int(buffer[5]) << 8 | Int(buffer[6])
        buffer.removeAll(keepingCapacity: true)
        switch type {
        case 1:
          guard size >= 4, size <= Self.maxMethodPayload else {
            return fail("method frame of \(size) bytes", &events)
          }
          state = .methodPayload(channel: channel, size: size)
          currentMethod = nil
        case 2, 3:
          currentMethod = lastMethod[channel]
          guard size <= 128 * 1024 * 1024 else { return fail("content frame of \(size) bytes", &events) }
          state = size == 0 ? .end(.content(channel: channel)) : .skip(size)
          if size > 0 { pendingContent = .content(channel: channel) }
        case 8:
          guard size == 0 else { return fail("heartbeat with a payload", &events) }
          currentMethod = nil
          state = .end(.heartbeat)
        default:
          return fail("frame type \(type)", &events)
        }
      case .methodPayload(let channel, let size):
        let take = min(size - buffer.count, count - index)
        buffer += bytes[index..<(index + take)]
        index += take
        if currentMethod == nil, buffer.count >= 4 {
          let name = Self.methodName(
            UInt16(buffer[0]) << 8 | UInt16(buffer[1]), UInt16(buffer[2]) << 8 | UInt16(buffer[3])
          ).uppercased()
          currentMethod = name
          lastMethod[channel] = name
        }
        if buffer.count == size {
          let event = Self.method(channel: channel, payload: buffer)
          buffer.removeAll(keepingCapacity: true)
          state = .end(event)
        }
      case .skip(let left):
        let take = min(left, count - index)
        index += take
        state = take == left ? .end(pendingContent) : .skip(left - take)
      case .end(let event):
        guard bytes[index] == Self.frameEnd else { return fail("bad frame end \(bytes[index])", &events) }
        index += 1
        if let event { events.append(event) }
        completed.append((index, currentMethod))
        currentMethod = nil
        state = .frameHeader
      }
    }
  }

  private var pendingContent: TapEvent?

  private mutating func fail(_ reason: String, _ events: inout [TapEvent]) {
    failed = true
    events.append(.garbage("AMQP: \(reason)"))
  }

  /// Decodes a method frame's class, method and the fields the ledger follows.
  static func method(channel: UInt16, payload: [UInt8]) -> TapEvent {
    let classID = UInt16(payload[0]) << 8 | UInt16(payload[1])
    let methodID = UInt16(payload[2]) << 8 | UInt16(payload[3])
    var reader = FieldReader(bytes: payload, offset: 4)
    var fields = AMQPMethodFields()
    switch (classID, methodID) {
    case (60, 20):  // basic.consume: reserved, queue, consumer-tag, no-local|no-ack|exclusive|no-wait
      reader.offset += 2
      reader.skipShortString()
      fields.consumerTag = reader.shortString()
      let bits = reader.octet()
      fields.noAck = bits & 2 != 0
      fields.noWait = bits & 8 != 0
    case (60, 21):  // basic.consume-ok: consumer-tag
      fields.consumerTag = reader.shortString()
    case (60, 70):  // basic.get: reserved, queue, no-ack
      reader.offset += 2
      reader.skipShortString()
      fields.noAck = reader.octet() & 1 != 0
    case (60, 60):  // basic.deliver: consumer-tag, delivery-tag, redelivered
      fields.consumerTag = reader.shortString()
      fields.deliveryTag = reader.longLong()
      fields.redelivered = reader.octet() & 1 != 0
    case (60, 71):  // basic.get-ok: delivery-tag, redelivered
      fields.deliveryTag = reader.longLong()
      fields.redelivered = reader.octet() & 1 != 0
    case (60, 80):  // basic.ack: delivery-tag, multiple
      fields.deliveryTag = reader.longLong()
      fields.multiple = reader.octet() & 1 != 0
    case (60, 120):  // basic.nack: delivery-tag, multiple, requeue
      fields.deliveryTag = reader.longLong()
      let bits = reader.octet()
      fields.multiple = bits & 1 != 0
      fields.requeue = bits & 2 != 0
    case (60, 90):  // basic.reject: delivery-tag, requeue
      fields.deliveryTag = reader.longLong()
      fields.requeue = reader.octet() & 1 != 0
    default:
      break
    }
    return .method(channel: channel, name: methodName(classID, methodID), fields: fields)
  }

  static func methodName(_ classID: UInt16, _ methodID: UInt16) -> String {
    guard let (className, methods) = names[classID] else { return "\(classID).\(methodID)" }
    return "\(className).\(methods[methodID] ?? String(methodID))"
  }

  private static let names: [UInt16: (String, [UInt16: String])] = [
    10: (
      "connection",
      [
        10: "start", 11: "start-ok", 20: "secure", 21: "secure-ok", 30: "tune", 31: "tune-ok", 40: "open",
        41: "open-ok", 50: "close", 51: "close-ok", 60: "blocked", 61: "unblocked",
      ]
    ),
    20: ("channel", [10: "open", 11: "open-ok", 20: "flow", 21: "flow-ok", 40: "close", 41: "close-ok"]),
    40: (
      "exchange",
      [
        10: "declare", 11: "declare-ok", 20: "delete", 21: "delete-ok", 30: "bind", 31: "bind-ok",
        40: "unbind", 51: "unbind-ok",
      ]
    ),
    50: (
      "queue",
      [
        10: "declare", 11: "declare-ok", 20: "bind", 21: "bind-ok", 30: "purge", 31: "purge-ok", 40: "delete",
        41: "delete-ok", 50: "unbind", 51: "unbind-ok",
      ]
    ),
    60: (
      "basic",
      [
        10: "qos", 11: "qos-ok", 20: "consume", 21: "consume-ok", 30: "cancel", 31: "cancel-ok",
        40: "publish",
        50: "return", 60: "deliver", 70: "get", 71: "get-ok", 72: "get-empty", 80: "ack", 90: "reject",
        100: "recover-async", 110: "recover", 111: "recover-ok", 120: "nack",
      ]
    ),
    85: ("confirm", [10: "select", 11: "select-ok"]),
    90: (
      "tx",
      [10: "select", 11: "select-ok", 20: "commit", 21: "commit-ok", 30: "rollback", 31: "rollback-ok"]
    ),
  ]
}

/// Reads AMQP fields from a method payload; past the end it reads zeros.
private struct FieldReader {
  let bytes: [UInt8]
  var offset: Int

  mutating func octet() -> UInt8 {
    guard offset < bytes.count else { return 0 }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func longLong() -> UInt64 {
    var value: UInt64 = 0
    for _ in 0..<8 { value = value << 8 | UInt64(octet()) }
    return value
  }

  mutating func shortString() -> String {
    let length = Int(octet())
    let end = min(offset + length, bytes.count)
    defer { offset += length }
    guard offset < end else { return "" }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  mutating func skipShortString() {
    let length = Int(octet())
    offset += length
  }
}
