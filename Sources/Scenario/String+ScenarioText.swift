/// Small text helpers for reading scenario values.
extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
  var trimmingWhitespace: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}

extension String {
  /// For quoting a value in a one-line message.
  var replacingNewlines: String {
    String(map { $0.isNewline ? " " : $0 })
  }
}
