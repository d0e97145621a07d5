import Foundation
import Resilience

/// Deliberate bugs, switched on with `CHAOS_BROKEN` for the negative test suite only: a scenario
/// run against a worker with one of these must FAIL, which proves the scenario can catch it.
public enum BrokenBehaviour: String, Sendable, CaseIterable {
  /// Ack a delivery before its effects are stored (a crash in between loses the job).
  case ackBeforeStore = "ack-before-store"
  /// Never ack: deliveries stay unacknowledged.
  case noAck = "no-ack"
  /// Give up at the first lost connection instead of reconnecting (the worker exits).
  case skipReconnect = "skip-reconnect"
  /// Treat a failed publish as sent: ack the delivery anyway (no publisher-confirm discipline).
  case ignorePublishFailures = "ignore-publish-failures"
  /// Send every ack twice but log it once: only the proxy's AMQP tap sees the second one (the
  /// broker answers with a channel error, `PRECONDITION_FAILED - unknown delivery tag`).
  case ackTwice = "ack-twice"
  /// Reconnect every 1 s, whatever the settings say (no exponential backoff): the clients' and
  /// the worker loop's waits are all 1 s, and they log it so.
  case fixedReconnectDelay = "fixed-reconnect-delay"

  static func parse(_ text: String) throws -> Set<BrokenBehaviour> {
    var result: Set<BrokenBehaviour> = []
    for part in text.split(separator: ",") {
      let name = part.trimmingCharacters(in: .whitespaces)
      guard let behaviour = BrokenBehaviour(rawValue: name) else {
        throw SettingsError(
          variable: "CHAOS_BROKEN", value: text,
          expected: "a comma-separated list of \(allCases.map(\.rawValue).joined(separator: ", "))")
      }
      result.insert(behaviour)
    }
    return result
  }
}
