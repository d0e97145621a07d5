import Foundation

/// A JSON value as a worker logged it: fields of a log line keep their JSON types.
public enum JSONValue: Sendable, Equatable, Codable, CustomStringConvertible {
  case string(String)
  case number(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .null: try container.encodeNil()
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// The value as a string (numbers and booleans are formatted).
  public var stringValue: String? {
    switch self {
    case .string(let value): return value
    case .number(let value):
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    case .bool(let value): return String(value)
    default: return nil
    }
  }

  /// The value as a number (a numeric string is converted).
  public var doubleValue: Double? {
    switch self {
    case .number(let value): return value
    case .string(let value): return Double(value)
    default: return nil
    }
  }

  public var intValue: Int? { doubleValue.map { Int($0) } }

  public var boolValue: Bool? {
    switch self {
    case .bool(let value): return value
    case .string(let value): return value == "true" ? true : value == "false" ? false : nil
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .string(let value): return value
    case .null: return "null"
    case .array, .object:
      let data = (try? JSONEncoder().encode(self)) ?? Data()
      return String(decoding: data, as: UTF8.self)
    default: return stringValue ?? ""
    }
  }
}
