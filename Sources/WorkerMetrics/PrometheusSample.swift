/// One line of the Prometheus text format: `name{label="value",…} number`.
public struct PrometheusSample: Equatable, Sendable, Codable {
  public var name: String
  public var labels: [String: String]
  public var value: Double

  public init(name: String, labels: [String: String] = [:], value: Double) {
    self.name = name
    self.labels = labels
    self.value = value
  }

  /// Every sample of a scrape; comments, blank and unreadable lines are skipped.
  public static func parse(_ text: String) -> [PrometheusSample] {
    text.split(separator: "\n").compactMap { line in
      line.hasPrefix("#") ? nil : parseLine(Substring(line))
    }
  }

  static func parseLine(_ line: Substring) -> PrometheusSample? {
    var rest = line.drop { $0 == " " }
    let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
    guard !name.isEmpty else { return nil }
    rest = rest.dropFirst(name.count)
    var labels: [String: String] = [:]
    if rest.first == "{" {
      rest = rest.dropFirst()
      while let first = rest.first, first != "}" {
        if first == "," || first == " " {
          rest = rest.dropFirst()
          continue
        }
        let key = rest.prefix { $0 != "=" }
        rest = rest.dropFirst(key.count)
        guard rest.hasPrefix("=\"") else { return nil }
        rest = rest.dropFirst(2)
        var value = ""
        while let character = rest.first, character != "\"" {
          rest = rest.dropFirst()
          if character == "\\", let escaped = rest.first {
            rest = rest.dropFirst()
            value.append(escaped == "n" ? "\n" : escaped)
          } else {
            value.append(character)
          }
        }
        guard rest.first == "\"" else { return nil }
        rest = rest.dropFirst()
        labels[key.trimmingCharacters(in: " ")] = value
      }
      guard rest.first == "}" else { return nil }
      rest = rest.dropFirst()
    }
    let number = rest.split(separator: " ").first.map(String.init) ?? ""
    guard let value = Double(number) ?? Self.special(number) else { return nil }
    return PrometheusSample(name: String(name), labels: labels, value: value)
  }

  private static func special(_ text: String) -> Double? {
    switch text {
    case "+Inf": return .infinity
    case "-Inf": return -.infinity
    case "NaN": return .nan
    default: return nil
    }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
  }
}
