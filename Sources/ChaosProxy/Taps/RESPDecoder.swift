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
  /// The bytes of an inline command.
  private var line: [UInt8] = []
  /// The line in progress after a type byte: its length and, for `*` and `$`, its number.
  private var lineLength = 0
  private var lineValue = 0
  private var lineNegative = false
  private var lineBad = false
  /// Command names already seen, by their bytes: no new String per command.
  private var names: [[UInt8]: String] = [:]
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
          lineValue = 0
          lineLength = 0
          lineNegative = false
          lineBad = false
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
          lineComplete(type, &events)
          if failed { return }
        } else if byte != UInt8(ascii: "\r") {
          lineLength += 1
          if type == UInt8(ascii: "*") || type == UInt8(ascii: "$") {
            if byte == UInt8(ascii: "-") && lineLength == 1 {
              lineNegative = true
            } else if byte >= 48 && byte <= 57 && lineValue < 1 << 40 {
              lineValue = lineValue * 10 + Int(byte - 48)
            } else {
              lineBad = true
            }
          }
          if lineLength > Self.maxLine {
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
            let command = commandName(first)
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
      guard let count = lineInteger, count >= -1 else { return fail("bad array length", &events) }
      state = .typeByte
      if count <= 0 {
        elementDone(&events, isError: false)
      } else {
        if requests && pending.isEmpty { isFirstElement = true }
        pending.append(count)
      }
    case UInt8(ascii: "$"):
      guard let length = lineInteger, length >= -1, length <= 512 * 1024 * 1024 else {
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
    let command = commandName(name.prefix(32))
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

  /// The number of the line just read, nil when it was not one.
  private var lineInteger: Int? {
    guard !lineBad, lineLength > (lineNegative ? 1 : 0) else { return nil }
    return lineNegative ? -lineValue : lineValue
  }

  /// The upper-cased command name, from the cache after the first time.
  private mutating func commandName(_ bytes: ArraySlice<UInt8>) -> String {
    let key = Array(bytes)
    if let known = names[key] { return known }
    let name = Self.upper(key)
    if names.count < 512 { names[key] = name }
    return name
  }

  private mutating func fail(_ reason: String, _ events: inout [TapEvent]) {
    failed = true
    events.append(.garbage("RESP: \(reason)"))
  }
}
