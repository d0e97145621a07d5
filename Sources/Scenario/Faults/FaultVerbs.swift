/// The registry of timeline verbs: every ``Fault`` the `.scn` format knows, in one table.
///
/// Adding a verb: one file with its ``Fault`` type and its ``ParsedFault`` conformance, and one
/// line here. The parser derives the step keys, the parameters each verb takes, `for:`, soak
/// eligibility and the did-you-mean candidates from this table.
enum FaultVerbs {
  static let all: [any ParsedFault.Type] = [
    CutFault.self,
    DelayFault.self,
    ResetFault.self,
    BlackholeFault.self,
    ThrottleFault.self,
    SliceFault.self,
    ClearFault.self,
    RestartFault.self,
    StopFault.self,
    StartFault.self,
    KillFault.self,
    PauseFault.self,
    ResumeFault.self,
    KillWorkerFault.self,
    RestartWorkerFault.self,
    StopWorkerFault.self,
  ]

  static let names = all.map { $0.verb }

  static func named(_ verb: String) -> (any ParsedFault.Type)? {
    all.first { $0.verb == verb }
  }

  /// Verbs that take `for:`.
  static let lasting = all.filter { $0.duration != .instant }.map { $0.verb }

  /// Verbs `chaos soak` may draw.
  static let soakable = all.filter { $0.soakable }.map { $0.verb }

  /// Every parameter key with the verbs it goes with, `for` first, in table order.
  static let parameters: [(key: String, verbs: [String])] = {
    var keys = ["for"]
    for verb in all { for key in verb.parameters where !keys.contains(key) { keys.append(key) } }
    return keys.map { key in
      (key, key == "for" ? lasting : all.filter { $0.parameters.contains(key) }.map { $0.verb })
    }
  }()
}
