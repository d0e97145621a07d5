import Foundation
import Scenario

/// The scenarios of `chaos run -j N` waiting for a lane, handed out longest first
/// (``PlannedLength``), and the outcomes of those that ran, kept in the suite's order whatever
/// order they run and finish in.
final class ScenarioQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var waiting: [(index: Int, model: ScenarioModel, length: Double)]
  private var outcomes: [RunOutcome?]

  init(count: Int) {
    waiting = []
    outcomes = Array(repeating: nil, count: count)
  }

  /// Queues the scenario at position `index` of the suite.
  func enqueue(_ model: ScenarioModel, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    waiting.append((index, model, PlannedLength.seconds(model)))
  }

  /// The longest scenario still waiting (the first in the suite's order among equals), nil when
  /// none is left.
  func next() -> (index: Int, model: ScenarioModel)? {
    lock.lock()
    defer { lock.unlock() }
    guard var pick = waiting.indices.first else { return nil }
    for position in waiting.indices where waiting[position].length > waiting[pick].length { pick = position }
    let chosen = waiting.remove(at: pick)
    return (chosen.index, chosen.model)
  }

  /// How many scenarios wait.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return waiting.count
  }

  func record(_ outcome: RunOutcome, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    outcomes[index] = outcome
  }

  /// The outcomes recorded, in the suite's order (scenarios never started are left out).
  var recorded: [RunOutcome] {
    lock.lock()
    defer { lock.unlock() }
    return outcomes.compactMap { $0 }
  }
}
