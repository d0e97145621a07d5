/// Unsigned decimal numbers without exponent: `12`, `0.5`, `1.25`.
public enum DecimalText {
  public static func value(_ text: String) -> Double? {
    // Digits, at most one dot, a digit on each side of it.
    var dots = 0
    var digitsInPart = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") {
        guard digitsInPart > 0, dots == 0 else { return nil }
        dots += 1
        digitsInPart = 0
      } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        digitsInPart += 1
      } else {
        return nil
      }
    }
    guard digitsInPart > 0 else { return nil }
    return Double(text)
  }
}
