import Yams

extension Node {
  /// `~`, `null` or nothing after the colon.
  public var isNullScalar: Bool {
    guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else {
      return false
    }
    return Self.nullTexts.contains(scalar.string)
  }

  private static let nullTexts: Set<String> = ["", "~", "null", "Null", "NULL"]

  /// What was found, for messages: `a mapping`, `a list`, `nothing`, `'text'`.
  public var foundDescription: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
      if isNullScalar { return "nothing" }
      let text = scalar.string
      let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
      return "'\(shown.replacingNewlines)'"
    }
  }
}
