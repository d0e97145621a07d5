import Yams

/// Turns a Yams/libyaml error into a ``ScenarioError`` at the position libyaml reports.
enum YAMLErrorTranslation {
  static func scenarioError(_ error: any Error, file: String, text: String) -> ScenarioError {
    func at(_ mark: Mark) -> SourceLocation {
      SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column))
    }
    guard let yamlError = error as? YamlError else {
      return ScenarioError(
        location: SourceLocation(file: file, line: 1, column: 1), message: "cannot read the YAML: \(error)")
    }
    switch yamlError {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
      return ScenarioError(location: at(mark), message: "invalid YAML: \(problem)\(while_)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      let first = at(context.mark)
      guard let key = duplicates.first, let repeated = repeatedKeyLine(key, after: first, in: text) else {
        return ScenarioError(
          location: first, message: "duplicate key \(keys) in a mapping; each key may appear once")
      }
      return ScenarioError(
        location: SourceLocation(file: file, line: repeated, column: first.column),
        message: "duplicate key '\(key)' (first at line \(first.line)); each key may appear once in a mapping"
      )
    case .reader(let problem, let offset, _, _):
      return ScenarioError(
        location: location(ofCharacterOffset: offset ?? 0, in: text, file: file),
        message: "invalid text: \(problem)")
    default:
      return ScenarioError(
        location: SourceLocation(file: file, line: 1, column: 1),
        message: "cannot read the YAML: \(yamlError)")
    }
  }

  /// `text` with the repeated block-mapping key of a duplicate-key error blanked out, with the
  /// lines more indented than it (its value); the lines keep their numbers. Nil for any other error,
  /// or when the repeated key is not found on a line of its own (a flow mapping).
  static func withoutRepeatedKey(_ error: any Error, in text: String) -> String? {
    guard case .duplicatedKeysInMapping(let duplicates, let context) = error as? YamlError,
      let key = duplicates.first
    else { return nil }
    let first = SourceLocation(
      file: "", line: max(1, context.mark.line), column: max(1, context.mark.column))
    guard let repeated = repeatedKeyLine(key, after: first, in: text) else { return nil }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[repeated - 1] = ""
    var index = repeated
    while index < lines.count {
      let line = lines[index]
      let indent = line.prefix { $0 == " " }.count
      if !line.trimmingWhitespace.isEmpty && indent < first.column { break }
      lines[index] = ""
      index += 1
    }
    return lines.joined(separator: "\n")
  }

  /// The line of a block-mapping key written again at the first one's column, if any.
  static func repeatedKeyLine(_ key: String, after first: SourceLocation, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard first.line < lines.count else { return nil }
    for index in first.line..<lines.count {
      let line = lines[index].unicodeScalars
      guard line.count >= first.column else { continue }
      let indent = line.prefix(first.column - 1)
      guard indent.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
      let rest = String(String.UnicodeScalarView(line.dropFirst(first.column - 1)))
      for quoted in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(quoted) {
        let after = rest.dropFirst(quoted.count).drop { $0 == " " }
        if after.hasPrefix(":") { return index + 1 }
      }
    }
    return nil
  }

  /// Line and column (1-based, in Unicode scalars like libyaml) of the `offset`-th character.
  static func location(ofCharacterOffset offset: Int, in text: String, file: String) -> SourceLocation {
    var line = 1
    var column = 1
    for character in text.prefix(max(0, offset)) {
      if character == "\n" || character == "\r\n" {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
    }
    return SourceLocation(file: file, line: line, column: column)
  }
}
