import Foundation
import Scenario

/// A scenario's RabbitMQ service running on the suite's ``SharedBroker``: `start()` boots the
/// shared node if it is not running yet, and `shutdown()` leaves it running for the next scenario
/// (the suite stops it). Service verbs are refused: a scenario that has one gets its own node
/// (``SharedBroker/canServe(_:in:)``).
public final class SharedRabbitMQService: ManagedService, @unchecked Sendable {
  public let name: String
  public let kind = ServiceKind.rabbitmq
  private let broker: SharedBroker
  private let lock = NSLock()
  private var endpoint: (host: String, port: UInt16)?

  public init(name: String, broker: SharedBroker) {
    self.name = name
    self.broker = broker
  }

  public var host: String {
    lock.lock()
    defer { lock.unlock() }
    return endpoint?.host ?? "127.0.0.1"
  }

  public var port: UInt16 {
    lock.lock()
    defer { lock.unlock() }
    return endpoint?.port ?? 0
  }

  /// Empty: the node belongs to the suite, not to this scenario.
  public var pids: [Int32] { [] }

  public func start() throws {
    let acquired = try broker.acquire()
    lock.lock()
    endpoint = acquired
    lock.unlock()
  }

  public func stop() throws { throw refused("stop") }
  public func kill() throws { throw refused("kill") }
  public func pause() throws { throw refused("pause") }
  public func resume() throws { throw refused("resume") }
  public func restart(down: Double) throws { throw refused("restart") }

  /// Nothing to do: the suite stops the shared node at its end.
  public func shutdown() {}

  private func refused(_ verb: String) -> HarnessError {
    .couldNotRun(
      "\(verb) \(name): it runs on the suite's shared RabbitMQ node, which no scenario may \(verb)")
  }
}
