import Scenario

/// How timeline steps read on the console and in reports: `restart redis (down 4s)`. The verb's
/// own text comes from its ``Fault``; this adds `for:` and the trigger.
public enum StepText {
  public static func describe(_ step: TimelineStep) -> String {
    var text = step.action.fault.description
    if let duration = step.duration { text += " for \(Seconds.duration(duration))" }
    return text
  }

  public static func trigger(_ trigger: Trigger) -> String {
    switch trigger {
    case .at(let seconds): return "at \(Seconds.duration(seconds))"
    case .afterLog(let pattern, let from, let count):
      let shown: String
      if case .text(let text) = pattern { shown = "\"\(text)\"" } else { shown = pattern.description }
      return "after \(count > 1 ? "\(count)× " : "")\(shown)"
        + (from.map { " from \($0)" } ?? "")
    case .afterProtocol(let count, let event, let proxy):
      return "after \(count) \(event.rawValue) on \(proxy)"
    }
  }
}
