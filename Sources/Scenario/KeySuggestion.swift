/// "Did you mean" for misspelt keys and names: the closest candidate by edit distance.
enum KeySuggestion {
  /// The candidate closest to `word`, if it is close enough to be a plausible typo.
  static func closest(to word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    guard let best else { return nil }
    let allowed = max(1, min(3, lowered.count / 3))
    return best.distance <= allowed ? best.candidate : nil
  }

  /// Edit distance with adjacent transpositions (optimal string alignment): `delya` → `delay` is 1.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Far longer or shorter words are never a typo; skip the quadratic work (fuzzed keys can be huge).
    if abs(a.count - b.count) > 3 { return abs(a.count - b.count) }
    let width = b.count + 1
    var table = [Int](repeating: 0, count: (a.count + 1) * width)
    for i in 0...a.count { table[i * width] = i }
    for j in 0...b.count { table[j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1)
        best = min(best, table[(i - 1) * width + j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, table[(i - 2) * width + j - 2] + 1)
        }
        table[i * width + j] = best
      }
    }
    return table[a.count * width + b.count]
  }

  /// `; did you mean 'x'?` or `; expected one of a, b, c`.
  static func hint(for word: String, among candidates: [String], noun: String = "one of") -> String {
    if let match = closest(to: word, among: candidates) { return "; did you mean '\(match)'?" }
    if candidates.isEmpty { return "" }
    return "; expected \(noun) \(candidates.joined(separator: ", "))"
  }
}
