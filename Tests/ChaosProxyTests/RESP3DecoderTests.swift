import SeededRandom
import XCTest

@testable import ChaosProxy

/// The RESP tap on RESP3 (`HELLO 3`): every type, at every split of the stream, the same replies;
/// pushes are not replies; the bounds stop the tap with the reason.
final class RESP3DecoderTests: XCTestCase {
  func events(_ stream: [UInt8], requests: Bool = false, splits: [Int] = []) -> [TapEvent] {
    var decoder = RESPDecoder(requests: requests)
    var events: [TapEvent] = []
    var start = 0
    for end in splits + [stream.count] where end >= start {
      stream[start..<end].withUnsafeBytes { decoder.feed($0, into: &events) }
      start = end
    }
    return events
  }

  /// Each RESP3 type as a whole reply, and what the tap must report for it.
  static let cases: [(String, TapEvent)] = [
    ("%2\r\n+server\r\n$5\r\nredis\r\n+proto\r\n:3\r\n", .reply(error: false)),  // HELLO 3's map
    ("~3\r\n,3.14\r\n#t\r\n#f\r\n", .reply(error: false)),
    (",inf\r\n", .reply(error: false)),
    (",-1.5e10\r\n", .reply(error: false)),
    ("(3492890328409238509324850943850943825024385\r\n", .reply(error: false)),
    ("=15\r\ntxt:Some string\r\n", .reply(error: false)),
    ("_\r\n", .reply(error: false)),
    ("*2\r\n_\r\n$-1\r\n", .reply(error: false)),
    ("!21\r\nSYNTAX invalid syntax\r\n", .reply(error: true)),
    ("-ERR unknown command\r\n", .reply(error: true)),
    (">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", .push),
    (">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n", .push),
    (
      "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.19\r\n$1\r\nb\r\n,0.05\r\n*2\r\n:2039123\r\n:9543892\r\n",
      .reply(error: false)
    ),
    ("*3\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n:3\r\n", .reply(error: false)),
    ("|1\r\n+a\r\n+b\r\n>2\r\n+x\r\n+y\r\n", .push),
    ("$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n", .reply(error: false)),
    ("*?\r\n:1\r\n:2\r\n*?\r\n:3\r\n.\r\n$?\r\n;2\r\nab\r\n;0\r\n.\r\n", .reply(error: false)),
    ("%?\r\n+a\r\n:1\r\n+b\r\n~?\r\n.\r\n.\r\n", .reply(error: false)),
    ("~0\r\n", .reply(error: false)),
    ("%0\r\n", .reply(error: false)),
  ]

  func testEveryRESP3TypeAtEverySplit() {
    let stream = Array(Self.cases.map(\.0).joined().utf8)
    let expected = Self.cases.map(\.1)
    XCTAssertEqual(events(stream), expected)
    for split in 0...stream.count {
      XCTAssertEqual(events(stream, splits: [split]), expected, "split at \(split)")
    }
    XCTAssertEqual(events(stream, splits: Array(1..<stream.count)), expected, "byte by byte")
  }

  func testEachTypeAloneAtEverySplit() {
    for (text, event) in Self.cases {
      let stream = Array(text.utf8)
      for split in 0...stream.count {
        XCTAssertEqual(events(stream, splits: [split]), [event], "\(text.debugDescription) split at \(split)")
      }
    }
  }

  /// The RESP3 stream with bytes changed at random: the same events whatever the splits, and at
  /// most one `garbage`, last.
  func testMutatedRESP3NeverDependsOnTheSplits() {
    var generator = SeededGenerator(seed: 19)
    let valid = Array(Self.cases.map(\.0).joined().utf8)
    for round in 0..<300 {
      var stream = valid
      for _ in 0..<3 {
        stream[Int(generator.next() % UInt64(stream.count))] = UInt8(truncatingIfNeeded: generator.next())
      }
      let splits = (0..<5).map { _ in Int(generator.next() % UInt64(stream.count + 1)) }.sorted()
      let whole = events(stream)
      XCTAssertEqual(events(stream, splits: splits), whole, "round \(round), splits \(splits)")
      let garbage = whole.filter { if case .garbage = $0 { return true } else { return false } }
      XCTAssertLessThanOrEqual(garbage.count, 1, "round \(round)")
    }
  }

  func testHelloThreeIsACommand() {
    let hello = Array("*2\r\n$5\r\nhello\r\n$1\r\n3\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".utf8)
    XCTAssertEqual(events(hello, requests: true), [.command("HELLO"), .command("GET")])
  }

  /// A push between a request and its reply answers nothing: the reply still belongs to the GET.
  func testPushesAreNotPairedWithRequests() {
    let tap = LinkTap(kind: .resp)
    Array("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".utf8).withUnsafeBytes { _ = tap.feed($0, direction: 0) }
    let replies = Array(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n$1\r\nv\r\n".utf8)
    replies.withUnsafeBytes { _ = tap.feed($0, direction: 1) }
    XCTAssertEqual(tap.segments.map(\.command), [nil, "GET"])
    XCTAssertEqual(tap.segments.map(\.range.upperBound), [33, replies.count])
    XCTAssertEqual(tap.ledger.report.pushes, 1)
    XCTAssertEqual(tap.ledger.report.replies, 1)
    XCTAssertEqual(tap.ledger.report.events["push"], 1)
  }

  func testBoundsStopTheTapWithTheReason() {
    let deep = Array(String(repeating: "*1\r\n", count: RESPDecoder.maxDepth + 1).utf8)
    XCTAssertEqual(events(deep), [.garbage("RESP: aggregates nested deeper than \(RESPDecoder.maxDepth)")])
    XCTAssertEqual(events(Array("*2147483648\r\n".utf8)), [.garbage("RESP: bad aggregate length")])
    XCTAssertEqual(events(Array("%2147483648\r\n".utf8)), [.garbage("RESP: bad aggregate length")])
    XCTAssertEqual(events(Array("$536870913\r\n".utf8)), [.garbage("RESP: bad bulk length")])
    XCTAssertEqual(events(Array(".\r\n".utf8)), [.garbage("RESP: end of a stream that was not open")])
    XCTAssertEqual(events(Array(";3\r\nabc\r\n".utf8)), [.garbage("RESP: chunk outside a streamed string")])
    XCTAssertEqual(
      events(Array("$?\r\n+x\r\n".utf8)), [.garbage("RESP: unexpected byte 0x2b in a streamed string")])
    XCTAssertEqual(events([0x01]), [.garbage("RESP: unexpected byte 0x01")])
    let long = Array(("+" + String(repeating: "a", count: RESPDecoder.maxLine + 1) + "\r\n").utf8)
    XCTAssertEqual(events(long), [.garbage("RESP: line longer than \(RESPDecoder.maxLine)")])
    let nested = String(repeating: "*1\r\n", count: RESPDecoder.maxDepth) + ":1\r\n"
    XCTAssertEqual(events(Array(nested.utf8)), [.reply(error: false)])
  }
}
