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

  /// A duration in seconds (a plain number, e.g. `0.2`) within `range`; zero is refused when
  /// `positive`. Every duration has an upper bound (a day unless said otherwise): a longer one is a
  /// mistake, and a deadline that far away would overflow the clocks it is added to.
  public func seconds(
    _ name: String, default fallback: Double, positive: Bool = false,
    within range: ClosedRange<Double> = 0...86_400
  ) throws -> Double {
    guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
    let expected =
      positive
      ? "a number of seconds above 0, at most \(Self.number(range.upperBound))"
      : "a number of seconds from \(Self.number(range.lowerBound)) to \(Self.number(range.upperBound))"
    guard let value = Double(raw), value.isFinite, range.contains(value), !(positive && value == 0) else {
      throw SettingsError(variable: name, value: raw, expected: expected)
    }
    return value
  }

  /// A whole number within `range` (`unit` names what it counts, for the message).
  public func count(
    _ name: String, default fallback: Int, within range: ClosedRange<Int>, unit: String = ""
  ) throws -> Int {
    guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
    guard let value = Int(raw), range.contains(value) else {
      let what = unit.isEmpty ? "a whole number" : "a whole number of \(unit)"
      throw SettingsError(
        variable: name, value: raw, expected: "\(what) from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
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
