import Foundation
import LocalServices
import Scenario

/// One private RabbitMQ node for a whole suite (`chaos run DIR`): booted at the first scenario
/// that can use it, kept for the next ones, stopped (with its epmd) and its temp dir removed by
/// ``shutdown(keep:)`` at the end of the suite or on Ctrl-C.
///
/// A scenario can use it when its RabbitMQ service is not `external` and no timeline step is a
/// service verb on it (`restart`, `stop`, `start`, `kill`, `pause`, `resume`): proxy faults are
/// fine, they act on the scenario's own proxy. Scenarios on the shared node are kept apart by their
/// key prefix (`CHAOS_KEY_PREFIX`), which names the pipeline's exchange and queues as well as the
/// Redis keys, so each checker sees only its own queues.
public final class SharedBroker: @unchecked Sendable {
  private let lock = NSLock()
  private var directory: TemporaryDirectory?
  private var node: LocalService?
  private var bootCount = 0

  public init() {}

  /// How many times a node was booted (1 for a healthy suite that used it, 0 if none could).
  public var boots: Int {
    lock.lock()
    defer { lock.unlock() }
    return bootCount
  }

  /// The node's AMQP port while it runs.
  public var port: UInt16? {
    lock.lock()
    defer { lock.unlock() }
    return node?.port
  }

  /// Process ids of the node while it runs.
  public var pids: [Int32] {
    lock.lock()
    defer { lock.unlock() }
    return node?.pids ?? []
  }

  /// The running node: boots it on first use, and again if it no longer answers.
  public func acquire() throws -> (host: String, port: UInt16) {
    lock.lock()
    defer { lock.unlock() }
    if let node, !node.pids.isEmpty,
      ReadinessProbe.amqpAnswersConnectionStart(port: node.port, host: node.host)
    {
      return (node.host, node.port)
    }
    stopLocked()
    let home = try TemporaryDirectory(prefix: "chaos-shared-rabbitmq")
    directory = home
    bootCount += 1
    do {
      let started = try LocalService(
        name: "shared rabbitmq", kind: .rabbitmq, directory: home.file("rabbitmq"))
      node = started
      try started.start()
      return (started.host, started.port)
    } catch {
      stopLocked()
      throw error
    }
  }

  /// Stops the node and its epmd, waits for them, and removes the temp dir unless `keep` (then
  /// returns where it is). Safe to call twice.
  @discardableResult
  public func shutdown(keep: Bool = false) -> String? {
    lock.lock()
    defer { lock.unlock() }
    let kept = keep ? directory?.path : nil
    stopLocked(keep: keep)
    return kept
  }

  private func stopLocked(keep: Bool = false) {
    node?.shutdown()
    node = nil
    if keep { directory?.keep() } else { directory?.remove() }
    directory = nil
  }

  /// Whether `declaration` (a service of `model`) can run on the shared node: a local RabbitMQ,
  /// the first one declared (the one the workers use), that no timeline step stops, starts,
  /// restarts, kills, pauses or resumes.
  public static func canServe(_ declaration: ServiceDeclaration, in model: ScenarioModel) -> Bool {
    guard declaration.kind == .rabbitmq, declaration.external == nil,
      model.services.first(where: { $0.kind == .rabbitmq })?.name == declaration.name
    else { return false }
    return !model.timeline.contains { serviceVerbTarget($0.action) == declaration.name }
  }

  /// The service a step's service verb acts on; nil for proxy and worker steps.
  static func serviceVerbTarget(_ action: StepAction) -> String? {
    action.fault.targetKind == .service ? action.fault.target : nil
  }
}
