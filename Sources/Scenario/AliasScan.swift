/// Finds YAML aliases (`*name`) before Yams composes the document.
///
/// Scenario files have no use for anchors and aliases, and an alias used as a mapping key makes
/// Yams hash the aliased tree once per use (a few hundred bytes can expand to billions of nodes:
/// "billion laughs"). They are refused with a located error instead. The scan skips comments and
/// quoted text; a `*` followed by a name counts as an alias where a YAML node may start: at the
/// start of a line (after indentation, `- ` or `? `), after `: `, or after `[`, `{` or `,`.
enum AliasScan {
  /// Line and column (1-based, in Unicode scalars) of the first alias, if any.
  static func firstAlias(in text: String) -> (line: Int, column: Int)? {
    var line = 1
    var column = 0
    var previous: Unicode.Scalar = "\n"  // the last scalar that is not a space or tab
    var quote: Unicode.Scalar?
    var escaped = false
    var inComment = false
    var lastWasSpace = true
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      column += 1
      defer {
        if scalar == "\n" {
          line += 1
          column = 0
        }
      }
      if scalar == "\n" {
        inComment = false
        if quote == nil { previous = "\n" }
        lastWasSpace = true
        continue
      }
      if inComment { continue }
      if let open = quote {
        if open == "\"" && scalar == "\\" && !escaped {
          escaped = true
          continue
        }
        if scalar == open && !escaped { quote = nil }
        escaped = false
        previous = scalar
        lastWasSpace = false
        continue
      }
      switch scalar {
      case " ", "\t":
        lastWasSpace = true
        continue
      case "#" where lastWasSpace:
        inComment = true
        continue
      case "\"" where startsNode(after: previous, lastWasSpace),
        "'" where startsNode(after: previous, lastWasSpace):
        quote = scalar
      case "*"
      where startsNode(after: previous, lastWasSpace) && index + 1 < scalars.count
        && !" \t\r\n,[]{}".unicodeScalars.contains(scalars[index + 1]):
        return (line, column)
      default:
        break
      }
      previous = scalar
      lastWasSpace = false
    }
    return nil
  }

  /// A node can start here: at a line start, after `- `, `? `, `: `, or after `[`, `{`, `,`.
  private static func startsNode(after previous: Unicode.Scalar, _ lastWasSpace: Bool) -> Bool {
    if ["\n", "[", "{", ","].contains(previous) { return true }
    return lastWasSpace && ["-", "?", ":"].contains(previous)
  }
}
