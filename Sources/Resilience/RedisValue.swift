import Foundation

/// A reply from Redis (RESP2), copied out of hiredis' memory.
public enum RedisValue: Sendable, Equatable {
  /// A bulk string: arbitrary bytes.
  case bulk([UInt8])
  /// A status reply such as `OK` or `PONG`.
  case status(String)
  case integer(Int)
  case array([RedisValue])
  /// A nil bulk string or nil array (a missing key, a BRPOP timeout).
  case null
  /// An error reply nested in an array (EXEC, EVAL results). A top-level error reply is thrown
  /// as ``RedisError/server(_:)`` instead.
  case error(String)

  /// Bulk or status reply as text (UTF-8, invalid bytes replaced); integers as their digits.
  public var stringValue: String? {
    switch self {
    case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
    case .status(let text): return text
    case .integer(let number): return String(number)
    default: return nil
    }
  }

  /// Bulk or status reply as raw bytes.
  public var bytesValue: [UInt8]? {
    switch self {
    case .bulk(let bytes): return bytes
    case .status(let text): return Array(text.utf8)
    default: return nil
    }
  }

  public var dataValue: Data? { bytesValue.map { Data($0) } }

  /// An integer reply, or a bulk/status reply holding a decimal integer.
  public var intValue: Int? {
    switch self {
    case .integer(let number): return number
    case .bulk, .status: return stringValue.flatMap { Int($0) }
    default: return nil
    }
  }

  public var arrayValue: [RedisValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  public var isNull: Bool { self == .null }

  /// True for the status `OK`.
  public var isOK: Bool { self == .status("OK") }
}
