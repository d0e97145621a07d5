/// A page in the Prometheus text exposition format (0.0.4): families with `# HELP` and `# TYPE`,
/// then one sample per line, label values escaped.
struct PrometheusText {
  static let contentType = "text/plain; version=0.0.4; charset=utf-8"

  enum Kind: String {
    case counter
    case gauge
  }

  private(set) var text = ""

  /// One metric family; `samples` are (labels in the order given, value).
  mutating func family(_ name: String, _ kind: Kind, help: String, _ samples: [([(String, String)], Double)])
  {
    guard !samples.isEmpty else { return }
    text += "# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n"
    for (labels, value) in samples {
      let rendered = labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
      text += name + (rendered.isEmpty ? "" : "{\(rendered)}") + " " + Self.format(value) + "\n"
    }
  }

  static func escape(_ value: String) -> String {
    var out = ""
    for character in value {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out
  }

  /// Integers without a fraction (`42`), others as Swift prints them (`0.25`, `1.5e+09`).
  static func format(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }
}
