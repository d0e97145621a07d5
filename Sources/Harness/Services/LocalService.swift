import Foundation
import LocalServices
import Scenario

/// A service the harness starts itself: a private `redis-server` (AOF on) or RabbitMQ node (with
/// its own epmd), in its own data directory.
public final class LocalService: ManagedService {
  public let name: String
  public let kind: ServiceKind
  public let host = "127.0.0.1"
  private let server: any LocalServer

  public init(name: String, kind: ServiceKind, directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    self.name = name
    self.kind = kind
    switch kind {
    case .redis: server = try RedisServer(directory: directory)
    case .rabbitmq: server = try RabbitMQServer(directory: directory)
    }
  }

  /// A RabbitMQ node started by someone else (a ``PrivateBrokerPool`` node) under the scenario's
  /// service name: its stops, kills and restarts act on that node.
  init(name: String, running server: RabbitMQServer) {
    self.name = name
    self.kind = .rabbitmq
    self.server = server
  }

  public var port: UInt16 { server.port }
  public var pids: [Int32] { server.pid.map { [$0] } ?? [] }

  public func start() throws { try server.start() }
  public func stop() throws { server.stop() }
  public func kill() throws { server.kill() }
  public func pause() throws { server.pause() }
  public func resume() throws { server.resume() }
  public func restart(down: Double) throws { try server.restart(down: down) }
  public func shutdown() { server.shutdown() }

  /// RabbitMQ: the node's AMQP connections and consumers, by one `rabbitmqctl eval` (about a
  /// second of CPU for the CLI's VM, so sampled sparingly); nil for Redis or when it fails.
  public func brokerCounts() -> (connections: Int, consumers: Int)? {
    guard let broker = server as? RabbitMQServer,
      let result = try? broker.control(
        [
          "eval",
          "{length(rabbit_networking:connections()), length(rabbit_amqqueue:consumers_all(<<\"/\">>))}.",
        ], timeout: 10),
      result.status == 0
    else { return nil }
    let numbers = result.output.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    guard numbers.count >= 2 else { return nil }
    return (numbers[0], numbers[1])
  }
}
