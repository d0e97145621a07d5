/// An incremental RESP2/RESP3 decoder: fed any split of the stream, it reports each complete
/// request (`command`) or reply at its end, without keeping the payload: bulk bodies are skipped by
/// count.
///
/// `requests` true decodes client → server (arrays of bulk strings, or inline commands), false
/// decodes server → client replies: RESP2 (`+ - : $ *`) and RESP3 (maps `%`, sets `~`, pushes `>`,
/// attributes `|`, doubles `,`, booleans `#`, big numbers `(`, verbatim strings `=`, nulls `_`,
/// blob errors `!`, streamed strings `$?` with `;` chunks and streamed aggregates `*? %? ~? >?`
/// ended by `.`). A push (`>` at the top) is reported as `push`, never as a reply: it answers no
/// request. An attribute (`|`) is not a value: the value after it is.
///
/// Bounded: lines of ``maxLine`` bytes, bulks of ``maxBulk``, aggregates of ``maxAggregate``
/// elements, ``maxDepth`` nested aggregates; beyond, the tap stops (`garbage`).
struct RESPDecoder {
  private enum State {
    case typeByte
    case line(UInt8)  // reading the rest of a line that started with this type byte
    case bulk(Int)  // bytes of bulk payload (plus CRLF) left to skip
    case inline
  }

  /// One open aggregate: elements still expected (`streamed` for `*?`: until `.`), and whether it
  /// is an attribute (which is not a value of its parent).
  private struct Level {
    var left: Int
    var attribute: Bool
    static let streamed = -1
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
  private var lineStreamed = false
  /// True inside a streamed string (`$?`): `;` chunks until `;0`.
  private var inStreamedString = false
  /// The top-level value in progress is a push (`>`), or an error (`-`, `!`).
  private var topIsPush = false
  private var topIsError = false
  /// Command names already seen, by their bytes: no new String per command.
  private var names: [[UInt8]: String] = [:]
  /// The open aggregates (innermost last).
  private var pending: [Level] = []
  /// The first bulk of a request: the command name.
  private var name: [UInt8] = []
  private var capturingName = false
  private var isFirstElement = false
  static let maxLine = 64 * 1024
  /// Redis's own limits: `proto-max-bulk-len` (512 MiB) and a multibulk's `INT_MAX` elements.
  static let maxBulk = 512 * 1024 * 1024
  static let maxAggregate = Int(Int32.max)
  static let maxDepth = 128
  /// The requests or replies that ended in the last fed bytes: the index after their last byte,
  /// for a request its command name, and for a reply whether it was a push (which answers no
  /// request).
  private(set) var completed: [(end: Int, command: String?, push: Bool)] = []
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
          if inStreamedString { continue }  // a chunk: the string goes on until `;0`
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
        if inStreamedString && byte != UInt8(ascii: ";") {
          fail("unexpected byte \(Self.hex(byte)) in a streamed string", &events)
          return
        }
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"),
          UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: ","),
          UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "!"),
          UInt8(ascii: ";"), UInt8(ascii: "."):
          if requests && pending.isEmpty && byte != UInt8(ascii: "*") {
            fail("request starting with \(Character(Unicode.Scalar(byte)))", &events)
            return
          }
          if pending.isEmpty && !requests {
            topIsPush = byte == UInt8(ascii: ">")
            topIsError = byte == UInt8(ascii: "-") || byte == UInt8(ascii: "!")
          }
          lineValue = 0
          lineLength = 0
          lineNegative = false
          lineBad = false
          lineStreamed = false
          state = .line(byte)
        default:
          if requests && pending.isEmpty && (byte == 13 || byte == 10 || byte == 32) {
            continue  // stray line ends between inline commands
          }
          if requests && pending.isEmpty && Self.isInlineStart(byte) {
            line = [byte]
            state = .inline
          } else {
            fail("unexpected byte \(Self.hex(byte))", &events)
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
          if Self.hasLength(type) {
            if byte == UInt8(ascii: "-") && lineLength == 1 {
              lineNegative = true
            } else if byte == UInt8(ascii: "?") && lineLength == 1 {
              lineStreamed = true
            } else if byte >= 48 && byte <= 57 && lineValue < 1 << 40 && !lineStreamed {
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
            completed.append((cursor, command, false))
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

  /// Types whose line is a length: aggregates, bulks, stream chunks.
  private static func hasLength(_ type: UInt8) -> Bool {
    switch type {
    case UInt8(ascii: "*"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"),
      UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: ";"):
      return true
    default: return false
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
  }

  private static func isInlineStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func upper(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
  }

  private mutating func lineComplete(_ type: UInt8, _ events: inout [TapEvent]) {
    state = .typeByte
    switch type {
    case UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"):
      let attribute = type == UInt8(ascii: "|")
      if lineStreamed && lineLength == 1 {
        return open(Level(left: Level.streamed, attribute: attribute), &events)
      }
      guard let count = lineInteger, count >= -1, count <= Self.maxAggregate else {
        return fail("bad aggregate length", &events)
      }
      let elements = type == UInt8(ascii: "%") || attribute ? count * 2 : count
      if elements <= 0 {
        if !attribute { elementDone(&events) }
      } else {
        if requests && pending.isEmpty { isFirstElement = true }
        open(Level(left: elements, attribute: attribute), &events)
      }
    case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: ";"):
      if lineStreamed && lineLength == 1 && type == UInt8(ascii: "$") {
        inStreamedString = true
        return
      }
      guard let length = lineInteger, length >= -1, length <= Self.maxBulk else {
        return fail("bad bulk length", &events)
      }
      if type == UInt8(ascii: ";") {
        guard inStreamedString, length >= 0 else { return fail("chunk outside a streamed string", &events) }
        if length == 0 {
          inStreamedString = false
          elementDone(&events)
        } else {
          state = .bulk(length + 2)
        }
      } else if length == -1 {
        elementDone(&events)
      } else {
        if requests && isFirstElement {
          isFirstElement = false
          capturingName = true
          name.removeAll(keepingCapacity: true)
        }
        state = .bulk(length + 2)
      }
    case UInt8(ascii: "."):
      guard let last = pending.last, last.left == Level.streamed else {
        return fail("end of a stream that was not open", &events)
      }
      pending.removeLast()
      if !last.attribute { elementDone(&events) }
    default:
      if requests && isFirstElement { isFirstElement = false }
      elementDone(&events)
    }
  }

  /// Opens an aggregate, within ``maxDepth``.
  private mutating func open(_ level: Level, _ events: inout [TapEvent]) {
    guard pending.count < Self.maxDepth else {
      return fail("aggregates nested deeper than \(Self.maxDepth)", &events)
    }
    pending.append(level)
  }

  private mutating func commandNameComplete(_ events: inout [TapEvent]) {
    if name.count >= 2, name[name.count - 2] == 13 { name.removeLast(2) }
    let command = commandName(name.prefix(32))
    currentCommand = command
    events.append(.command(command))
  }

  /// One element (or a whole top-level value) finished. An attribute that ends is not an element
  /// of its parent: the value after it is.
  private mutating func elementDone(_ events: inout [TapEvent]) {
    while let last = pending.last {
      if last.left == Level.streamed { return }
      if last.left > 1 {
        pending[pending.count - 1].left = last.left - 1
        return
      }
      pending.removeLast()
      if last.attribute { return }
    }
    if requests {
      completed.append((cursor, currentCommand, false))
      currentCommand = nil
    } else {
      events.append(topIsPush ? .push : .reply(error: topIsError))
      completed.append((cursor, nil, topIsPush))
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
