import Foundation

/// The operations the pipeline needs.
///
/// Retry: each operation runs after ``RedisClient/ensureConnected()``; when it fails with a
/// connection error it reconnects (with backoff) and is sent once more, then the error is thrown.
/// A reply lost with the connection means the command may already have run, so a retried command
/// can take effect twice. That is harmless for GET, SET (without NX), DEL, EXISTS, HSET, HGET,
/// HGETALL, SADD, SISMEMBER, SCARD, SMEMBERS, LLEN, KEYS, SCAN, PING and EXPIRE (idempotent). It is
/// at-least-once for INCR, HINCRBY, LPUSH and RPUSH (a counter may count twice, an element may be
/// pushed twice), and for SET NX the retry may report `false` for a write that did land. RPOP and
/// BRPOP: an element popped whose reply was lost is gone whether or not we retry; the retry pops
/// the next one. The pipeline tolerates all of these (completion is idempotent, see ``eval``).
/// Callers that cannot, use ``raw(_:retryOnFailure:)`` or ``eval`` with `retryOnFailure: false`.
/// A command timeout is never retried.
extension RedisClient {
  // MARK: - Strings and keys

  public func ping() throws {
    _ = try execute(["PING"])
  }

  /// GET as text (UTF-8); nil when the key does not exist.
  public func get(_ key: String) throws -> String? {
    try execute(["GET", key]).stringValue
  }

  /// GET as raw bytes; nil when the key does not exist.
  public func getBytes(_ key: String) throws -> [UInt8]? {
    try execute(["GET", key]).bytesValue
  }

  /// SET, optionally only when absent (NX) and with an expiry in seconds (sent as PX milliseconds).
  /// - Returns: whether the value was written (false only with `ifNotExists` when the key existed).
  @discardableResult
  public func set(
    _ key: String, _ value: some RedisArgument, ifNotExists: Bool = false, expiry: Double? = nil
  )
    throws -> Bool
  {
    var arguments: [any RedisArgument] = ["SET", key, value]
    if let expiry {
      guard expiry.isFinite, expiry > 0 else {
        throw RedisError.invalidArgument("SET expiry must be more than 0 seconds, got \(expiry)")
      }
      arguments += ["PX", max(1, Int((expiry * 1000).rounded()))]
    }
    if ifNotExists { arguments.append("NX") }
    return try execute(arguments).isOK
  }

  /// DEL; returns how many keys existed.
  @discardableResult
  public func del(_ keys: String...) throws -> Int {
    try del(keys: keys)
  }

  @discardableResult
  public func del(keys: [String]) throws -> Int {
    guard !keys.isEmpty else { throw RedisError.invalidArgument("DEL needs at least one key") }
    return try integer(execute(["DEL"] + keys), "DEL")
  }

  public func exists(_ key: String) throws -> Bool {
    try integer(execute(["EXISTS", key]), "EXISTS") > 0
  }

  /// EXPIRE in whole seconds; false when the key does not exist.
  @discardableResult
  public func expire(_ key: String, seconds: Int) throws -> Bool {
    try integer(execute(["EXPIRE", key, seconds]), "EXPIRE") == 1
  }

  public func incr(_ key: String) throws -> Int {
    try integer(execute(["INCR", key]), "INCR")
  }

  /// KEYS pattern (blocks the server while it walks every key: for checkers and tests).
  public func keys(_ pattern: String) throws -> [String] {
    try strings(execute(["KEYS", pattern]), "KEYS")
  }

  /// Every key matching `pattern`, walked with SCAN `count` at a time; each key once.
  public func scan(matching pattern: String, count: Int = 1000) throws -> [String] {
    guard count > 0 else { throw RedisError.invalidArgument("SCAN count must be positive, got \(count)") }
    var cursor = "0"
    var found: [String] = []
    var seen = Set<String>()
    repeat {
      let reply = try execute(["SCAN", cursor, "MATCH", pattern, "COUNT", count])
      guard let page = reply.arrayValue, page.count == 2, let next = page[0].stringValue else {
        throw RedisError.protocol("unexpected reply to SCAN: \(reply)")
      }
      for key in try strings(page[1], "SCAN") where seen.insert(key).inserted {
        found.append(key)
      }
      cursor = next
    } while cursor != "0"
    return found
  }

  // MARK: - Hashes

  /// HSET of several fields; returns how many fields were new.
  @discardableResult
  public func hset<Value: RedisArgument>(_ key: String, _ fields: [String: Value]) throws -> Int {
    guard !fields.isEmpty else { throw RedisError.invalidArgument("HSET needs at least one field") }
    var arguments: [any RedisArgument] = ["HSET", key]
    for field in fields.keys.sorted() {
      arguments += [field, fields[field]!]
    }
    return try integer(execute(arguments), "HSET")
  }

  public func hget(_ key: String, _ field: String) throws -> String? {
    try execute(["HGET", key, field]).stringValue
  }

  /// HGETALL as a dictionary (empty when the key does not exist).
  public func hgetall(_ key: String) throws -> [String: String] {
    let flat = try strings(execute(["HGETALL", key]), "HGETALL")
    guard flat.count % 2 == 0 else { throw RedisError.protocol("HGETALL returned an odd number of elements") }
    var fields: [String: String] = [:]
    for index in stride(from: 0, to: flat.count, by: 2) {
      fields[flat[index]] = flat[index + 1]
    }
    return fields
  }

  /// HINCRBY; returns the new value.
  @discardableResult
  public func hincrby(_ key: String, _ field: String, by increment: Int = 1) throws -> Int {
    try integer(execute(["HINCRBY", key, field, increment]), "HINCRBY")
  }

  // MARK: - Sets

  /// SADD; returns how many members were added (0 when all were present).
  @discardableResult
  public func sadd(_ key: String, _ members: [String]) throws -> Int {
    guard !members.isEmpty else { throw RedisError.invalidArgument("SADD needs at least one member") }
    return try integer(execute(["SADD", key] + members), "SADD")
  }

  @discardableResult
  public func sadd(_ key: String, _ member: String) throws -> Int {
    try sadd(key, [member])
  }

  public func sismember(_ key: String, _ member: String) throws -> Bool {
    try integer(execute(["SISMEMBER", key, member]), "SISMEMBER") == 1
  }

  public func scard(_ key: String) throws -> Int {
    try integer(execute(["SCARD", key]), "SCARD")
  }

  public func smembers(_ key: String) throws -> Set<String> {
    Set(try strings(execute(["SMEMBERS", key]), "SMEMBERS"))
  }

  // MARK: - Lists

  /// LPUSH one value; returns the list's new length.
  @discardableResult
  public func lpush(_ key: String, _ value: some RedisArgument) throws -> Int {
    try integer(execute(["LPUSH", key, value]), "LPUSH")
  }

  @discardableResult
  public func lpush<Value: RedisArgument>(_ key: String, values: [Value]) throws -> Int {
    guard !values.isEmpty else { throw RedisError.invalidArgument("LPUSH needs at least one value") }
    return try integer(execute(["LPUSH", key] + values.map { $0 as any RedisArgument }), "LPUSH")
  }

  /// RPUSH one value; returns the list's new length.
  @discardableResult
  public func rpush(_ key: String, _ value: some RedisArgument) throws -> Int {
    try integer(execute(["RPUSH", key, value]), "RPUSH")
  }

  @discardableResult
  public func rpush<Value: RedisArgument>(_ key: String, values: [Value]) throws -> Int {
    guard !values.isEmpty else { throw RedisError.invalidArgument("RPUSH needs at least one value") }
    return try integer(execute(["RPUSH", key] + values.map { $0 as any RedisArgument }), "RPUSH")
  }

  /// RPOP; nil when the list is empty.
  public func rpop(_ key: String) throws -> String? {
    try execute(["RPOP", key]).stringValue
  }

  /// BRPOP on one or more lists, waiting at most `timeout` seconds (more than 0; fractions allowed).
  /// The socket waits `timeout` plus the command timeout, so a long block is not taken for a stall.
  /// Holds the connection (and so every other caller of this client) while it blocks.
  /// - Returns: the list and the value popped, or nil when the timeout passed.
  public func brpop(_ keys: [String], timeout: Double) throws -> (key: String, value: String)? {
    guard !keys.isEmpty else { throw RedisError.invalidArgument("BRPOP needs at least one key") }
    guard timeout.isFinite, timeout > 0 else {
      throw RedisError.invalidArgument("BRPOP timeout must be more than 0 seconds (0 would block for ever)")
    }
    let reply = try execute(
      ["BRPOP"] + keys + [String(timeout)], timeout: timeout + settings.redisCommandTimeout)
    if reply.isNull { return nil }
    guard let pair = reply.arrayValue, pair.count == 2, let key = pair[0].stringValue,
      let value = pair[1].stringValue
    else {
      throw RedisError.protocol("unexpected reply to BRPOP: \(reply)")
    }
    return (key, value)
  }

  public func brpop(_ key: String, timeout: Double) throws -> (key: String, value: String)? {
    try brpop([key], timeout: timeout)
  }

  public func llen(_ key: String) throws -> Int {
    try integer(execute(["LLEN", key]), "LLEN")
  }

  // MARK: - Scripts and anything else

  /// EVAL: runs a Lua script atomically (e.g. "mark done and count the completion once").
  /// Retried once after a connection failure unless `retryOnFailure` is false: write scripts
  /// that are idempotent, or pass false.
  @discardableResult
  public func eval(
    _ script: String, keys: [String] = [], arguments: [any RedisArgument] = [], retryOnFailure: Bool = true
  ) throws -> RedisValue {
    let head: [any RedisArgument] = ["EVAL", script, keys.count]
    return try execute(head + keys + arguments, retry: retryOnFailure)
  }

  /// Any command, e.g. `raw(["EXPIRE", "k", 10])`. A top-level error reply throws
  /// ``RedisError/server(_:)``.
  @discardableResult
  public func raw(_ arguments: [any RedisArgument], retryOnFailure: Bool = true) throws -> RedisValue {
    guard !arguments.isEmpty else { throw RedisError.invalidArgument("empty command") }
    return try execute(arguments, retry: retryOnFailure)
  }

  // MARK: - Plumbing

  /// ensureConnected, send, and on a connection error (not a timeout) reconnect and send once more.
  func execute(_ arguments: [any RedisArgument], retry: Bool = true, timeout: Double? = nil) throws
    -> RedisValue
  {
    let bytes = arguments.map { $0.redisBytes }
    let waitingFor = roundNow()
    io.lock()
    defer { io.unlock() }
    try ensureConnectedLocked(waitingFor: waitingFor)
    do {
      return try sendLocked(bytes, timeout: timeout)
    } catch let error as RedisError {
      switch error {
      case .connection, .protocol:
        guard retry else { throw error }
        checkFailed(Self.text(error), check: "command")
        try reconnectLocked(waitForever: false)
        return try sendLocked(bytes, timeout: timeout)
      default:
        throw error
      }
    }
  }

  private func integer(_ value: RedisValue, _ command: String) throws -> Int {
    guard case .integer(let number) = value else {
      throw RedisError.protocol("unexpected reply to \(command): \(value)")
    }
    return number
  }

  private func strings(_ value: RedisValue, _ command: String) throws -> [String] {
    guard let elements = value.arrayValue else {
      throw RedisError.protocol("unexpected reply to \(command): \(value)")
    }
    return try elements.map {
      guard let text = $0.stringValue else {
        throw RedisError.protocol("unexpected element in \(command) reply")
      }
      return text
    }
  }
}
