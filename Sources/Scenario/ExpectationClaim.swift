import Yams

/// One kind of `expect:` entry (`duplicates: 0`, `log: …`, `no crash`): its syntax, its parsed
/// value and its report text, in one type.
///
/// Each kind is one file (in the Harness, next to its evaluation) listed once in the table given to
/// ``ScenarioParser`` (``ExpectationKinds``). The parser derives the `expect:` keys, the parameters
/// each kind takes and the did-you-mean candidates from that table; it knows no kind.
public protocol ExpectationClaim: Sendable, Equatable, CustomStringConvertible {
  /// The key naming the kind in an entry (`duplicates`), or the whole entry for a ``phrase`` kind
  /// (`no crash`).
  static var key: String { get }
  /// Written as a bare phrase (`- no crash`), not as a `key: value` mapping.
  static var isPhrase: Bool { get }
  /// Keys the entry may carry besides the kind's key (`tolerance`, `within`). `within` is read
  /// by the parser as a duration for every kind that takes it (``ExpectationEntry/within``).
  static var parameters: [String] { get }
  /// Whether the harness must scrape the workers' metrics for this claim.
  var readsMetrics: Bool { get }
  /// Reads the entry; reports problems on `parser` (with their `file:line:column`) and returns nil.
  static func parse(_ entry: ExpectationEntry, _ parser: inout ScenarioParser) -> Self?
  /// Report text: `jobs: all done within 60s`.
  var description: String { get }
}

extension ExpectationClaim {
  public static var isPhrase: Bool { false }
  public static var parameters: [String] { [] }
  public var readsMetrics: Bool { false }

  /// Equality across kinds: the same kind with the same values.
  public func isSame(as other: any ExpectationClaim) -> Bool {
    (other as? Self) == self
  }
}

/// An `expect:` entry as its kind sees it: the kind's own `key: value` and every other known key.
public struct ExpectationEntry {
  /// The kind's key and value (`duplicates: 0`); for a phrase kind, the phrase as key and value.
  public var claim: MappingEntry
  /// The entry's other keys, each one of the kind's ``ExpectationClaim/parameters``.
  public var fields: [MappingEntry]
  /// `within:` read as seconds, when the entry has it.
  public var within: Double?

  public func field(_ key: String) -> MappingEntry? {
    fields.first { $0.key == key }
  }
}
