extension RunOutcome.Status {
  /// Reads back the status as `--json` writes it: `passed`, `failed`, `could not run: <reason>`.
  public init(_ text: String) {
    switch text {
    case "passed": self = .passed
    case "failed": self = .failed
    default:
      let prefix = "could not run: "
      self = .couldNotRun(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
    }
  }
}
