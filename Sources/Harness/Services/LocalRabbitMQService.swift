import Foundation
import LocalServices
import Scenario

/// A private RabbitMQ node (with its own epmd) started by the harness in its own directory.
public final class LocalRabbitMQService: ManagedService {
  public let name: String
  public let kind = ServiceKind.rabbitmq
  public let host = "127.0.0.1"
  private let server: RabbitMQServer

  public init(name: String, directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    self.name = name
    server = try RabbitMQServer(directory: directory)
  }

  public var port: UInt16 { server.port }
  public var pids: [Int32] { server.pid.map { [$0] } ?? [] }

  public func start() throws { try server.start() }
  public func stop() throws { server.stop() }
  public func kill() throws { server.kill() }
  public func pause() throws { server.pause() }
  public func resume() throws { server.resume() }
  public func restart(down: Double) throws { try server.restart(down: down) }

  public func shutdown() {
    server.resume()
    server.shutdown()
  }
}
