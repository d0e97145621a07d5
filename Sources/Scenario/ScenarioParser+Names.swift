import Yams

/// Names a scenario declares (services, proxies, the scenario's own) are printed on consoles, in
/// reports and in API paths: none may hold a bidirectional-override character (U+202A–U+202E,
/// U+2066–U+2069), which makes a terminal show text in an order other than the one it has; a
/// proxy's name is a path segment of the proxy API (`/proxies/NAME`), so it holds no `/`.
extension ScenarioParser {
  /// True when `scalar` reorders the text around it on display.
  static func isBidirectionalOverride(_ scalar: Unicode.Scalar) -> Bool {
    (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
  }

  /// Reports a `what` name (`service`, `proxy`, `scenario`) at `node` holding a bidirectional
  /// override or one of `forbidden`; false when it does.
  mutating func checkName(_ name: String, at node: Node, of what: String, forbidden: String = "") -> Bool {
    if let scalar = name.unicodeScalars.first(where: Self.isBidirectionalOverride) {
      let code = "U+" + String(scalar.value, radix: 16, uppercase: true)
      error(at: node, "the \(what) name holds the bidirectional-override character \(code); remove it")
      return false
    }
    if let character = name.first(where: { forbidden.contains($0) }) {
      error(
        at: node,
        "the \(what) name '\(name.replacingNewlines)' holds '\(character)', which a \(what) name cannot")
      return false
    }
    return true
  }
}
