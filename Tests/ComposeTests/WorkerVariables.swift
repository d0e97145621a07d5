import Pipeline
import Resilience

/// The environment variables the workers read, taken from the `--help` texts of their settings
/// (`ResilienceSettings.helpText`, `WorkerSettings.helpText`): the first word of each line.
enum WorkerVariables {
  static var all: Set<String> {
    names(in: ResilienceSettings.helpText).union(names(in: WorkerSettings.helpText))
  }

  /// Variables for tests of the workers themselves, never for a stack.
  static let testOnly: Set<String> = ["CHAOS_BROKEN"]

  static func names(in helpText: String) -> Set<String> {
    Set(
      helpText.split(separator: "\n").compactMap { line in
        guard let word = line.split(whereSeparator: \.isWhitespace).first else { return nil }
        let isName =
          word.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } && word.first?.isLetter == true
        return isName ? String(word) : nil
      })
  }
}
