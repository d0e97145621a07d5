import Yams

/// The parsing side of a ``Fault``: the parameter keys it takes and how its step is read.
protocol ParsedFault: Fault {
  /// Keys the step may carry besides the verb, the trigger and `for:` (e.g. `rate`).
  static var parameters: [String] { get }
  /// Reads the verb's target and parameters; reports problems on `parser` and returns nil.
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self?
}

extension ParsedFault {
  static var parameters: [String] { [] }
}

/// A step (or soak fault) as its verb sees it: the verb's entry and every known key of the step.
struct FaultStep {
  var verb: MappingEntry
  var fields: [MappingEntry]

  func field(_ key: String) -> MappingEntry? {
    fields.first { $0.key == key }
  }
}
