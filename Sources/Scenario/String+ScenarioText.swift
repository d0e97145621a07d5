/// Small text helpers for reading scenario values.
extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
  public var trimmingWhitespace: String {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    if first == startIndex && last == index(before: endIndex) { return self }
    return String(self[first...last])
  }
}

extension String {
  /// For quoting a value in a one-line message.
  var replacingNewlines: String {
    String(map { $0.isNewline ? " " : $0 })
  }
}
