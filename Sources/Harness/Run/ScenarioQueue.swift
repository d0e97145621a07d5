import Foundation
import Scenario

/// The scenarios of `chaos run -j N` waiting for a lane, handed out longest first
/// (``PlannedLength``), and the outcomes of those that ran, kept in the suite's order whatever
/// order they run and finish in.
///
/// When the suite boots private RabbitMQ nodes ahead (``PrivateBrokerPool``), a scenario that
/// needs one waits while none is ready and other scenarios can run instead: at the start of the
/// suite the lanes take scenarios that run on the shared node while the first private nodes boot.
final class ScenarioQueue: @unchecked Sendable {
  private let lock = NSLock()
  private let bootsAhead: Bool
  private var waiting: [(index: Int, model: ScenarioModel, length: Double, privateNodes: Int)]
  private var outcomes: [RunOutcome?]

  /// - Parameter bootsAhead: private nodes are booted ahead: their boot is not part of a
  ///   scenario's planned length, and ``next(privateNodesReady:)`` waits for them.
  init(count: Int, bootsAhead: Bool = false) {
    self.bootsAhead = bootsAhead
    waiting = []
    outcomes = Array(repeating: nil, count: count)
  }

  /// Queues the scenario at position `index` of the suite.
  func enqueue(_ model: ScenarioModel, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    waiting.append(
      (
        index, model, PlannedLength.seconds(model, privateBootHidden: bootsAhead),
        PrivateBrokerPool.nodes(for: model)
      ))
  }

  /// How many private RabbitMQ nodes the waiting scenarios need.
  var privateNodes: Int {
    lock.lock()
    defer { lock.unlock() }
    return waiting.reduce(0) { $0 + $1.privateNodes }
  }

  /// How many waiting scenarios can run their RabbitMQ on the suite's shared node.
  var sharedNodeUsers: Int {
    lock.lock()
    defer { lock.unlock() }
    return waiting.filter { entry in
      entry.model.services.contains { SharedBroker.canServe($0, in: entry.model) }
    }.count
  }

  /// The longest scenario still waiting (the first in the suite's order among equals), nil when
  /// none is left. When nodes are booted ahead, one that needs more private nodes than
  /// `privateNodesReady` is passed over while another can run.
  func next(privateNodesReady: Int = 0) -> (index: Int, model: ScenarioModel)? {
    lock.lock()
    defer { lock.unlock() }
    let runnable = waiting.indices.filter { !bootsAhead || waiting[$0].privateNodes <= privateNodesReady }
    let candidates = runnable.isEmpty ? Array(waiting.indices) : runnable
    guard var pick = candidates.first else { return nil }
    for position in candidates where waiting[position].length > waiting[pick].length { pick = position }
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
