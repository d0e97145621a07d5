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

  public var port: UInt16 { server.port }
  public var pids: [Int32] { server.pid.map { [$0] } ?? [] }

  public func start() throws { try server.start() }
  public func stop() throws { server.stop() }
  public func kill() throws { server.kill() }
  public func pause() throws { server.pause() }
  public func resume() throws { server.resume() }
  public func restart(down: Double) throws { try server.restart(down: down) }
  public func shutdown() { server.shutdown() }
}
