import Foundation

/// Typed, validated access to environment variables. A bad value is a ``SettingsError`` naming
/// the variable, what it held and what was expected.
public struct Environment: Sendable {
  public let values: [String: String]

  public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
    self.values = values
  }

  public func string(_ name: String, default fallback: String) -> String {
    guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
      return fallback
    }
    return value
  }

  /// A duration in seconds (a plain number, e.g. `0.2`), never negative; zero is refused when `positive`.
  public func seconds(_ name: String, default fallback: Double, positive: Bool = false) throws -> Double {
    guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
    guard let value = Double(raw), value.isFinite else {
      throw SettingsError(variable: name, value: raw, expected: "a number of seconds, e.g. 3 or 0.5")
    }
    if value < 0 || (positive && value == 0) {
      throw SettingsError(
        variable: name, value: raw,
        expected: positive ? "a positive number of seconds" : "zero or more seconds")
    }
    return value
  }

  /// A whole number, zero or more.
  public func count(_ name: String, default fallback: Int) throws -> Int {
    guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
    guard let value = Int(raw), value >= 0 else {
      throw SettingsError(variable: name, value: raw, expected: "a whole number, zero or more")
    }
    return value
  }

  /// A boolean: 1/0, true/false, yes/no, on/off.
  public func flag(_ name: String, default fallback: Bool) throws -> Bool {
    guard let raw = values[name]?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else {
      return fallback
    }
    switch raw {
    case "1", "true", "yes", "on": return true
    case "0", "false", "no", "off": return false
    default: throw SettingsError(variable: name, value: raw, expected: "true or false")
    }
  }
}

/// A setting that could not be used, with the variable named.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
  public let variable: String
  public let value: String
  public let expected: String

  public init(variable: String, value: String, expected: String) {
    self.variable = variable
    self.value = value
    self.expected = expected
  }

  public var description: String { "\(variable)=\(value): expected \(expected)" }
}
