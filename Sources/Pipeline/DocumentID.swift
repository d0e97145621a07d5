/// Document ids as the workload makes them: `doc-000001`.
public enum DocumentID {
  public static func make(_ number: Int) -> String {
    let digits = String(number)
    return "doc-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }
}
