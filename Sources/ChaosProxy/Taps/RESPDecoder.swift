/// An incremental RESP2 decoder: fed any split of the stream, it reports each complete request
/// (`command`) or reply at its end, without keeping the payload: bulk bodies are skipped by count.
///
/// `requests` true decodes client → server (arrays of bulk strings, or inline commands), false
/// decodes server → client replies (`+ - : $ *`, nested arrays).
struct RESPDecoder {
  private enum State {
    case typeByte
    case line(UInt8)  // reading the rest of a line that started with this type byte
    case bulk(Int)  // bytes of bulk payload (plus CRLF) left to skip
    case inline
  }

  let requests: Bool
  private(set) var failed = false
  private var state = State.typeByte
  private var line: [UInt8] = []
  /// Elements still expected at each open array level (innermost last).
  private var pending: [Int] = []
  /// The first bulk of a request: the command name.
  private var name: [UInt8] = []
  private var capturingName = false
  private var isFirstElement = false
  static let maxLine = 64 * 1024
  /// The requests or replies that ended in the last fed bytes: the index after their last byte,
  /// and for a request its command name.
  private(set) var completed: [(end: Int, command: String?)] = []
  /// The command of the request in progress, once its name was read.
  private(set) var currentCommand: String?
  private var cursor = 0

  init(requests: Bool) { self.requests = requests }

  /// Feeds bytes; returns the events completed by them.
  mutating func feed(_ bytes: UnsafeRawBufferPointer, into events: inout [TapEvent]) {
    guard !failed else { return }
    cursor = 0
    completed.removeAll(keepingCapacity: true)
    let count = bytes.count
    while cursor < count {
      switch state {
      case .bulk(let left):
        let take = min(left, count - cursor)
        if capturingName {
          let room = max(0, min(take, 34 - name.count))
          if room > 0 { name += bytes[cursor..<(cursor + room)] }
        }
        cursor += take
        if take == left {
          state = .typeByte
          if capturingName {
            capturingName = false
            commandNameComplete(&events)
          }
          elementDone(&events)
        } else {
          state = .bulk(left - take)
        }
      case .typeByte:
        let byte = bytes[cursor]
        cursor += 1
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"):
          if requests && pending.isEmpty && byte != UInt8(ascii: "*") {
            fail("request starting with \(Character(Unicode.Scalar(byte)))", &events)
            return
          }
          line.removeAll(keepingCapacity: true)
          state = .line(byte)
        default:
          if requests && pending.isEmpty && (byte == 13 || byte == 10 || byte == 32) {
            continue  // stray line ends between inline commands
          }
          if requests && pending.isEmpty && Self.isInlineStart(byte) {
            line = [byte]
            state = .inline
          } else {
            fail("unexpected byte \(byte)", &events)
            return
          }
        }
      case .line(let type):
        let byte = bytes[cursor]
        cursor += 1
        if byte == UInt8(ascii: "\n") {
          if line.last == UInt8(ascii: "\r") { line.removeLast() }
          lineComplete(type, &events)
          if failed { return }
        } else {
          line.append(byte)
          if line.count > Self.maxLine {
            fail("line longer than \(Self.maxLine)", &events)
            return
          }
        }
      case .inline:
        let byte = bytes[cursor]
        cursor += 1
        if byte == UInt8(ascii: "\n") {
          let words = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") })
          if let first = words.first {
            let command = Self.upper(Array(first))
            events.append(.command(command))
            completed.append((cursor, command))
          }
          state = .typeByte
        } else {
          line.append(byte)
          if line.count > Self.maxLine {
            fail("inline command longer than \(Self.maxLine)", &events)
            return
          }
        }
      }
    }
  }

  private static func isInlineStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func upper(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
  }

  private mutating func lineComplete(_ type: UInt8, _ events: inout [TapEvent]) {
    switch type {
    case UInt8(ascii: "*"):
      guard let count = Self.integer(line), count >= -1 else { return fail("bad array length", &events) }
      state = .typeByte
      if count <= 0 {
        elementDone(&events, isError: false)
      } else {
        if requests && pending.isEmpty { isFirstElement = true }
        pending.append(count)
      }
    case UInt8(ascii: "$"):
      guard let length = Self.integer(line), length >= -1, length <= 512 * 1024 * 1024 else {
        return fail("bad bulk length", &events)
      }
      if length == -1 {
        state = .typeByte
        elementDone(&events)
      } else {
        if requests && isFirstElement {
          isFirstElement = false
          capturingName = true
          name.removeAll(keepingCapacity: true)
        }
        state = .bulk(length + 2)
      }
    default:
      state = .typeByte
      if requests && isFirstElement { isFirstElement = false }
      elementDone(&events, isError: type == UInt8(ascii: "-"))
    }
  }

  private mutating func commandNameComplete(_ events: inout [TapEvent]) {
    if name.count >= 2, name[name.count - 2] == 13 { name.removeLast(2) }
    let command = Self.upper(Array(name.prefix(32)))
    currentCommand = command
    events.append(.command(command))
  }

  /// One element (or a whole top-level value) finished.
  private mutating func elementDone(_ events: inout [TapEvent], isError: Bool = false) {
    while let last = pending.last {
      if last > 1 {
        pending[pending.count - 1] = last - 1
        return
      }
      pending.removeLast()
    }
    if requests {
      completed.append((cursor, currentCommand))
      currentCommand = nil
    } else {
      events.append(.reply(error: isError))
      completed.append((cursor, nil))
    }
  }

  private static func integer(_ bytes: [UInt8]) -> Int? {
    Int(String(decoding: bytes, as: UTF8.self))
  }

  private mutating func fail(_ reason: String, _ events: inout [TapEvent]) {
    failed = true
    events.append(.garbage("RESP: \(reason)"))
  }
}
