import Foundation

/// JUnit XML for CI systems: a `<testsuite>` per scenario, a `<testcase>` per expectation, a
/// `<failure>` with the evidence for each one that failed, and an `<error>` testcase when the
/// harness could not run the scenario. Counts and times are computed from the outcomes; with a
/// suite's timing, `<testsuites>` gets its wall time as `time` and `timeline` / `ratio` beside it,
/// and each `<testsuite>` a `timeline` property.
public enum JUnitReport {
  public static func render(_ outcomes: [RunOutcome], suite timing: SuiteTiming? = nil) -> String {
    let tests = outcomes.reduce(0) { $0 + testCount($1) }
    let failures = outcomes.reduce(0) { $0 + failureCount($1) }
    let errors = outcomes.reduce(0) { $0 + errorCount($1) }
    let time = timing?.wallTime ?? outcomes.reduce(0) { $0 + $1.wallTime }
    var timingAttributes = ""
    if let timing {
      timingAttributes = " timeline=\"\(seconds(timing.timelineTime))\""
      if let ratio = timing.ratio { timingAttributes += " ratio=\"\(String(format: "%.3f", ratio))\"" }
    }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml +=
      "<testsuites name=\"chaos\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(seconds(time))\"\(timingAttributes)>\n"
    for outcome in outcomes { xml += suite(outcome) }
    xml += "</testsuites>\n"
    return xml
  }

  static func testCount(_ outcome: RunOutcome) -> Int {
    outcome.journal.results.count + (errorCount(outcome) > 0 ? 1 : 0)
  }

  static func failureCount(_ outcome: RunOutcome) -> Int {
    outcome.journal.results.filter { !$0.passed }.count
  }

  static func errorCount(_ outcome: RunOutcome) -> Int {
    if case .couldNotRun = outcome.status { return 1 }
    return 0
  }

  private static func suite(_ outcome: RunOutcome) -> String {
    let journal = outcome.journal
    let name = journal.scenario.name.isEmpty ? journal.scenario.file : journal.scenario.name
    let timestamp = ISO8601DateFormatter().string(from: journal.startedAt)
    var xml =
      "  <testsuite name=\"\(escape(name))\" tests=\"\(testCount(outcome))\" failures=\"\(failureCount(outcome))\""
    xml += " errors=\"\(errorCount(outcome))\" skipped=\"0\" time=\"\(seconds(outcome.wallTime))\""
    xml += " timestamp=\"\(timestamp)\" file=\"\(escape(journal.scenario.file))\">\n"
    xml += "    <properties>\n"
    xml += "      <property name=\"seed\" value=\"\(journal.scenario.seed)\"/>\n"
    xml += "      <property name=\"about\" value=\"\(escape(journal.scenario.about))\"/>\n"
    if let timeline = journal.workloadEndedAt {
      xml += "      <property name=\"timeline\" value=\"\(seconds(timeline))\"/>\n"
    }
    for (phase, duration) in journal.phases.sorted(by: { $0.key < $1.key }) {
      xml += "      <property name=\"phase.\(escape(phase))\" value=\"\(seconds(duration))\"/>\n"
    }
    xml += "    </properties>\n"
    if case .couldNotRun(let reason) = outcome.status {
      xml +=
        "    <testcase name=\"run scenario\" classname=\"\(escape(name))\" time=\"\(seconds(outcome.wallTime))\">\n"
      xml +=
        "      <error message=\"\(escape(firstLine(reason)))\" type=\"HarnessError\">\(escape(reason))</error>\n"
      xml += "    </testcase>\n"
    }
    for result in journal.results {
      xml += "    <testcase name=\"\(escape(result.expectation))\" classname=\"\(escape(name))\" time=\"0\""
      xml += " file=\"\(escape(result.location))\">\n"
      if result.passed {
        xml +=
          "      <system-out>\(escape(([result.summary] + result.evidence).joined(separator: "\n")))</system-out>\n"
      } else {
        let type = result.outcome == .unknown ? "ExpectationUnknown" : "ExpectationFailed"
        let message = (result.outcome == .unknown ? "unknown: " : "") + result.summary
        xml += "      <failure message=\"\(escape(message))\" type=\"\(type)\">"
        xml += escape(
          (["\(result.location): \(result.expectation)", message]
            + (result.witness.map { ["witness: \($0)"] } ?? []) + result.evidence).joined(
              separator: "\n"))
        xml += "</failure>\n"
      }
      xml += "    </testcase>\n"
    }
    let timeline = journal.timeline.map { step in
      "[\(step.startedAt.map { Seconds.format($0) } ?? " never")] \(step.description)"
        + (step.endedAt.map { " … \(Seconds.format($0, width: 0))" } ?? "")
        + (step.effect.map { ": \($0)" } ?? "") + (step.notFired.map { " (never fired: \($0))" } ?? "")
        + (step.error.map { " ERROR: \($0)" } ?? "")
    }
    xml += "    <system-out>\(escape((timeline + journal.errors).joined(separator: "\n")))</system-out>\n"
    xml += "  </testsuite>\n"
    return xml
  }

  private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

  private static func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n", maxSplits: 1).first ?? "")
  }

  /// Escapes text for XML attributes and content; drops characters XML 1.0 does not allow.
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
