/// Unsigned decimal numbers without exponent: `12`, `0.5`, `1.25`.
enum DecimalText {
  static func value(_ text: String) -> Double? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
    else { return nil }
    return Double(text)
  }
}
