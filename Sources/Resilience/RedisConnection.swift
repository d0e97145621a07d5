import CHiredis
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One hiredis connection (a blocking `redisContext` with connect and read/write timeouts).
///
/// The only file that touches hiredis pointers. Not thread-safe: ``RedisClient`` serialises all
/// use under its lock. After any I/O, protocol or timeout error the connection is marked broken
/// and refuses further commands — hiredis contexts are not reusable after an error, and a late
/// reply would otherwise be taken for the answer to the next command. Make a new one instead.
final class RedisConnection {
  private var context: UnsafeMutablePointer<redisContext>?
  /// The read/write timeout of every command, in seconds.
  let commandTimeout: Double
  /// Set after an I/O, protocol or timeout error; the connection must then be replaced.
  private(set) var isBroken = false

  /// Connects (waiting at most `timeout` seconds), sets `timeout` as the command timeout, then
  /// sends AUTH and SELECT when the URL asks for them.
  init(url: RedisURL, timeout: Double) throws {
    RedisConnection.ignoreBrokenPipes()
    commandTimeout = timeout
    guard let connected = redisConnectWithTimeout(url.host, Int32(url.port), RedisConnection.timeval(timeout))
    else {
      throw RedisError.connection("cannot allocate a hiredis context")
    }
    if connected.pointee.err != 0 {
      let reason = RedisConnection.errorText(connected)
      redisFree(connected)
      throw RedisError.connection("\(url.host):\(url.port): \(reason)")
    }
    if redisSetTimeout(connected, RedisConnection.timeval(timeout)) != REDIS_OK {
      let reason = RedisConnection.errorText(connected)
      redisFree(connected)
      throw RedisError.connection("cannot set the command timeout: \(reason)")
    }
    context = connected
    do {
      if let password = url.password {
        _ = try command(["AUTH".redisBytes, password.redisBytes])
      }
      if url.database != 0 {
        _ = try command(["SELECT".redisBytes, String(url.database).redisBytes])
      }
    } catch {
      close()
      throw error
    }
  }

  deinit { close() }

  /// Frees the context. Safe to call twice.
  func close() {
    if let context { redisFree(context) }
    context = nil
    isBroken = true
  }

  /// Sends one command (binary-safe) and reads its reply.
  ///
  /// - Parameter timeout: a read timeout for this command only (BRPOP), instead of ``commandTimeout``.
  /// - Throws: ``RedisError/server(_:)`` for an error reply (the connection stays usable);
  ///   ``RedisError/timeout(command:seconds:)``, ``RedisError/connection(_:)`` or
  ///   ``RedisError/protocol(_:)`` otherwise, after which the connection is broken.
  func command(_ arguments: [[UInt8]], timeout: Double? = nil) throws -> RedisValue {
    guard !arguments.isEmpty else { throw RedisError.invalidArgument("empty command") }
    guard let context, !isBroken else {
      throw RedisError.connection("connection already broken by an earlier error")
    }
    let name = RedisConnection.commandName(arguments)
    let waited = timeout ?? commandTimeout
    if let timeout {
      guard redisSetTimeout(context, RedisConnection.timeval(timeout)) == REDIS_OK else {
        throw fail(context, command: name, waited: waited, savedErrno: errno)
      }
    }
    let raw = RedisConnection.send(context, arguments)
    guard let raw else {
      throw fail(context, command: name, waited: waited, savedErrno: errno)
    }
    defer { freeReplyObject(raw) }
    if timeout != nil {
      guard redisSetTimeout(context, RedisConnection.timeval(commandTimeout)) == REDIS_OK else {
        throw fail(context, command: name, waited: waited, savedErrno: errno)
      }
    }
    let value: RedisValue
    do {
      value = try RedisConnection.value(raw.assumingMemoryBound(to: redisReply.self))
    } catch {
      isBroken = true
      throw error
    }
    if case .error(let message) = value { throw RedisError.server(message) }
    return value
  }

  /// Marks the connection broken and turns the context's error into a ``RedisError``.
  private func fail(
    _ context: UnsafeMutablePointer<redisContext>, command: String, waited: Double, savedErrno: Int32
  ) -> RedisError {
    isBroken = true
    let code = context.pointee.err
    let text = RedisConnection.errorText(context)
    let timedOut =
      code == REDIS_ERR_IO
      && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || text.contains("temporarily unavailable"))
    if timedOut { return .timeout(command: command, seconds: waited) }
    switch code {
    case REDIS_ERR_PROTOCOL: return .protocol(text)
    case REDIS_ERR_EOF: return .connection("server closed the connection")
    case 0: return .connection("no reply")
    default: return .connection(text.isEmpty ? "I/O error" : text)
    }
  }

  /// `redisCommandArgv` over one contiguous copy of the arguments.
  private static func send(_ context: UnsafeMutablePointer<redisContext>, _ arguments: [[UInt8]])
    -> UnsafeMutableRawPointer?
  {
    var storage: [UInt8] = []
    storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
    var offsets: [Int] = []
    var lengths: [Int] = []
    for argument in arguments {
      offsets.append(storage.count)
      lengths.append(argument.count)
      storage.append(contentsOf: argument)
    }
    storage.append(0)  // never an empty buffer, so the base address exists
    return storage.withUnsafeBufferPointer { buffer -> UnsafeMutableRawPointer? in
      let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
      var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
      return pointers.withUnsafeMutableBufferPointer { argv in
        lengths.withUnsafeBufferPointer { argvlen in
          redisCommandArgv(context, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
        }
      }
    }
  }

  /// Copies a hiredis reply tree into a ``RedisValue``.
  private static func value(_ reply: UnsafePointer<redisReply>) throws -> RedisValue {
    let node = reply.pointee
    switch node.type {
    case REDIS_REPLY_STRING:
      return .bulk(bytes(node.str, node.len))
    case REDIS_REPLY_STATUS:
      return .status(String(decoding: bytes(node.str, node.len), as: UTF8.self))
    case REDIS_REPLY_ERROR:
      return .error(String(decoding: bytes(node.str, node.len), as: UTF8.self))
    case REDIS_REPLY_INTEGER:
      return .integer(Int(node.integer))
    case REDIS_REPLY_NIL:
      return .null
    case REDIS_REPLY_ARRAY:
      guard node.elements > 0 else { return .array([]) }
      guard let elements = node.element else { throw RedisError.protocol("array reply without elements") }
      var values: [RedisValue] = []
      values.reserveCapacity(node.elements)
      for index in 0..<node.elements {
        guard let element = elements[index] else { throw RedisError.protocol("nil element in array reply") }
        values.append(try value(element))
      }
      return .array(values)
    default:
      throw RedisError.protocol("unknown reply type \(node.type)")
    }
  }

  private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
  }

  private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
    withUnsafeBytes(of: context.pointee.errstr) { raw in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  private static func commandName(_ arguments: [[UInt8]]) -> String {
    String(decoding: arguments[0].prefix(32), as: UTF8.self).uppercased()
  }

  private static func timeval(_ seconds: Double) -> Glibc.timeval {
    let clamped = max(seconds, 0.001)
    let whole = clamped.rounded(.down)
    return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((clamped - whole) * 1_000_000))
  }

  /// hiredis writes with `write(2)`: a peer that went away would kill the process with SIGPIPE.
  /// Ignoring it turns that into an EPIPE error. Process-wide, done once.
  private static let brokenPipesIgnored: Bool = {
    signal(SIGPIPE, SIG_IGN)
    return true
  }()

  private static func ignoreBrokenPipes() { _ = brokenPipesIgnored }
}
