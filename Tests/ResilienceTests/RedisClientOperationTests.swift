import Foundation
import LocalServices
import Resilience
import XCTest

/// The operations against a real redis-server, with no faults.
final class RedisClientOperationTests: XCTestCase {
  private var directory: TemporaryDirectory!
  private var server: RedisServer!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "chaos-test-redis-ops")
    server = try RedisServer(directory: directory.path)
    try server.start()
  }

  override func tearDown() {
    server?.stop()
    directory?.remove()
  }

  private func makeClient(database: Int = 0, commandTimeout: Double = 1) throws -> (RedisClient, RedisTestLog)
  {
    let log = RedisTestLog()
    let settings = try redisTestSettings(
      port: server.port, database: database, interval: 30, commandTimeout: commandTimeout)
    let client = RedisClient(settings: settings, logger: log.logger)
    try client.connect()
    return (client, log)
  }

  func testOneMegabyteBinaryValueRoundTrips() throws {
    let (client, _) = try makeClient()
    defer { client.close() }
    let bytes = (0..<1_048_576).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
    XCTAssertTrue(bytes.contains(0) && bytes.contains(13) && bytes.contains(10))
    try client.set("blob", bytes)
    XCTAssertEqual(try client.getBytes("blob"), bytes)
    try client.set("blob-data", Data(bytes))
    XCTAssertEqual(try client.raw(["GET", "blob-data"]).dataValue, Data(bytes))
    try client.set("nul\u{0}key", "a\u{0}b\r\nc")
    XCTAssertEqual(try client.get("nul\u{0}key"), "a\u{0}b\r\nc")
  }

  func testPipelineOperations() throws {
    let (client, log) = try makeClient()
    defer { client.close() }
    try client.ping()

    XCTAssertTrue(try client.set("s", "one"))
    XCTAssertFalse(try client.set("s", "two", ifNotExists: true))
    XCTAssertEqual(try client.get("s"), "one")
    XCTAssertNil(try client.get("missing"))
    XCTAssertTrue(try client.set("ttl", "x", expiry: 60))
    let ttl = try XCTUnwrap(client.raw(["PTTL", "ttl"]).intValue)
    XCTAssertTrue((59_000...60_000).contains(ttl), "PTTL \(ttl)")
    XCTAssertTrue(try client.exists("s"))
    XCTAssertEqual(try client.del("s", "missing"), 1)
    XCTAssertFalse(try client.exists("s"))
    XCTAssertEqual(try client.incr("n"), 1)
    XCTAssertEqual(try client.incr("n"), 2)

    XCTAssertEqual(try client.hset("job:1", ["phase": "created", "attempts": "0"]), 2)
    XCTAssertEqual(try client.hset("job:1", ["phase": "downloaded"]), 0)
    XCTAssertEqual(try client.hget("job:1", "phase"), "downloaded")
    XCTAssertNil(try client.hget("job:1", "nope"))
    XCTAssertEqual(try client.hincrby("job:1", "attempts", by: 2), 2)
    XCTAssertEqual(try client.hgetall("job:1"), ["phase": "downloaded", "attempts": "2"])
    XCTAssertEqual(try client.hgetall("job:none"), [:])

    XCTAssertEqual(try client.sadd("done", ["a", "b"]), 2)
    XCTAssertEqual(try client.sadd("done", "a"), 0)
    XCTAssertTrue(try client.sismember("done", "b"))
    XCTAssertFalse(try client.sismember("done", "c"))
    XCTAssertEqual(try client.scard("done"), 2)
    XCTAssertEqual(try client.smembers("done"), ["a", "b"])

    XCTAssertEqual(try client.lpush("inbox", "1"), 1)
    XCTAssertEqual(try client.rpush("inbox", values: ["0", "-1"]), 3)
    XCTAssertEqual(try client.lpush("inbox", values: ["2"]), 4)
    XCTAssertEqual(try client.llen("inbox"), 4)
    XCTAssertEqual(try client.rpop("inbox"), "-1")
    let popped = try XCTUnwrap(client.brpop(["empty", "inbox"], timeout: 1))
    XCTAssertEqual(popped.key, "inbox")
    XCTAssertEqual(popped.value, "0")
    XCTAssertNil(try client.rpop("empty"))

    for index in 0..<25 { try client.set("scan:\(index)", index) }
    XCTAssertEqual(Set(try client.scan(matching: "scan:*", count: 7)).count, 25)
    XCTAssertEqual(Set(try client.keys("scan:*")), Set((0..<25).map { "scan:\($0)" }))

    // Atomic completion, counted once however often it runs.
    let complete = """
      if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
        redis.call('HINCRBY', KEYS[2], 'completions', 1)
        return 1
      end
      return 0
      """
    XCTAssertEqual(
      try client.eval(complete, keys: ["completed", "job:1"], arguments: ["job:1"]), .integer(1))
    XCTAssertEqual(
      try client.eval(complete, keys: ["completed", "job:1"], arguments: ["job:1"]), .integer(0))
    XCTAssertEqual(try client.hget("job:1", "completions"), "1")
    XCTAssertEqual(
      try client.eval("return {1, 'two', false}"), .array([.integer(1), .bulk(Array("two".utf8)), .null]))

    XCTAssertTrue(try client.expire("inbox", seconds: 100))
    XCTAssertEqual(client.state.phase, .connected)
    XCTAssertEqual(client.state.consecutiveFailures, 0)
    XCTAssertNotNil(client.state.lastSuccess)
    XCTAssertEqual(log.messages().first, "redis.connected")
  }

  func testErrorsAreSwiftErrorsAndTheConnectionSurvivesAnErrorReply() throws {
    let (client, log) = try makeClient()
    defer { client.close() }
    XCTAssertThrowsError(try client.raw(["NOSUCHCOMMAND", "x"])) { error in
      guard case RedisError.server(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.hasPrefix("ERR unknown command"), message)
    }
    try client.set("string", "x")
    XCTAssertThrowsError(try client.hget("string", "f")) { error in
      guard case RedisError.server(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.hasPrefix("WRONGTYPE"), message)
    }
    XCTAssertThrowsError(try client.brpop("list", timeout: 0)) { error in
      guard case RedisError.invalidArgument = error else { return XCTFail("\(error)") }
    }
    XCTAssertThrowsError(try client.set("k", "v", expiry: -1))
    XCTAssertThrowsError(try client.del(keys: []))
    XCTAssertThrowsError(try client.raw([]))
    XCTAssertEqual(try client.get("string"), "x", "an error reply does not cost the connection")
    XCTAssertFalse(log.messages().contains("Starting Redis reconnection..."))
    client.close()
    XCTAssertThrowsError(try client.get("string")) { XCTAssertEqual($0 as? RedisError, .closed) }
  }

  func testBlockingPopLongerThanTheCommandTimeoutIsNotATimeout() throws {
    let (client, log) = try makeClient(commandTimeout: 0.3)
    defer { client.close() }
    let started = Date()
    XCTAssertNil(try client.brpop("nothing", timeout: 0.8))
    let waited = Date().timeIntervalSince(started)
    XCTAssertGreaterThan(waited, 0.7)
    XCTAssertLessThan(waited, 1.5)
    XCTAssertEqual(try client.get("after"), nil, "the connection is still good")
    XCTAssertFalse(log.messages().contains("redis.command.failed"))
  }

  func testDatabaseAndPasswordFromTheURL() throws {
    let (other, _) = try makeClient(database: 3)
    defer { other.close() }
    try other.set("where", "db3")
    let (zero, _) = try makeClient()
    defer { zero.close() }
    XCTAssertNil(try zero.get("where"))
    XCTAssertEqual(try zero.raw(["SELECT", 3]), .status("OK"))
    XCTAssertEqual(try zero.get("where"), "db3")

    // AUTH is sent when the URL has a password: the server has none, so it says so.
    var settings = try redisTestSettings(port: server.port, interval: 30)
    settings.redisURL.password = "secret"
    settings.redis.reconnectMaxRetries = 0
    let log = RedisTestLog()
    let withPassword = RedisClient(settings: settings, logger: log.logger)
    defer { withPassword.close() }
    XCTAssertThrowsError(try withPassword.connect()) { error in
      guard case RedisError.unavailable(0, let lastError) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(lastError.contains("AUTH"), lastError)
    }
  }
}
