/// The table of expectation kinds a parser knows (``ExpectationClaim``), in order, and what the
/// parser derives from it: the kinds' keys, their phrases, and each parameter with its kinds.
///
/// The harness passes its table (`Checkers.kinds`); the `.scn` format itself lists no kind.
public struct ExpectationKinds: Sendable {
  public let all: [any ExpectationClaim.Type]
  /// Keys of the mapping kinds, in table order: `jobs`, `duplicates`, …
  let keys: [String]
  /// Whole-entry kinds: `no crash`.
  let phrases: [String]
  /// Every parameter key with the kinds it goes with, in table order.
  let parameters: [(key: String, kinds: [String])]

  public init(_ all: [any ExpectationClaim.Type]) {
    self.all = all
    keys = all.filter { !$0.isPhrase }.map { $0.key }
    phrases = all.filter { $0.isPhrase }.map { $0.key }
    var names: [String] = []
    for kind in all { for key in kind.parameters where !names.contains(key) { names.append(key) } }
    parameters = names.map { key in (key, all.filter { $0.parameters.contains(key) }.map { $0.key }) }
  }

  /// Every key an entry may have.
  var allowedKeys: [String] { keys + parameters.map(\.key) }

  func named(_ key: String) -> (any ExpectationClaim.Type)? {
    all.first { $0.key == key }
  }
}
