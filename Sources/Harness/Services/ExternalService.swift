import Foundation
import LocalServices
import Scenario

/// A service the harness does not start (`external: host:port`): it only waits for it to answer,
/// and runs the scenario's shell commands for service verbs (`restart`, `stop`, `start`, …).
public final class ExternalService: ManagedService {
  public let name: String
  public let kind: ServiceKind
  public let host: String
  public let port: UInt16
  private let commands: [String: String]
  private let directory: String

  /// - Parameter address: `host:port`.
  public init(name: String, kind: ServiceKind, address: String, commands: [String: String], directory: String)
    throws
  {
    let parts = address.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, let port = UInt16(parts[1]), port > 0 else {
      throw HarnessError.invalid("service \(name): external address \"\(address)\" is not host:port")
    }
    self.name = name
    self.kind = kind
    host = String(parts[0])
    self.port = port
    self.commands = commands
    self.directory = directory
  }

  public var pids: [Int32] { [] }

  public func start() throws {
    if commands["start"] != nil, !answers() { try run("start") }
    try waitUntilAnswering(timeout: 60)
  }

  public func stop() throws { try run("stop") }
  public func kill() throws { try run("kill") }
  public func pause() throws { try run("pause") }
  public func resume() throws { try run("resume") }

  public func restart(down: Double) throws {
    if commands["restart"] != nil {
      try run("restart")
    } else {
      try run("stop")
      if down > 0 { Thread.sleep(forTimeInterval: down) }
      try run("start")
    }
    try waitUntilAnswering(timeout: 60)
  }

  public func shutdown() {}

  private func answers() -> Bool {
    switch kind {
    case .redis: return ReadinessProbe.redisAnswersPong(port: port, host: host)
    case .rabbitmq: return ReadinessProbe.amqpAnswersConnectionStart(port: port, host: host)
    }
  }

  private func waitUntilAnswering(timeout: Double) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if answers() { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw HarnessError.couldNotRun(
      "external service \(name) at \(address) did not answer within \(Int(timeout)) s")
  }

  private func run(_ verb: String) throws {
    guard let command = commands[verb] else {
      throw HarnessError.couldNotRun("external service \(name) has no command for \"\(verb)\"")
    }
    let log = "\(directory)/\(name)-\(verb).log"
    let child = try ChildProcess(
      name: "\(name) \(verb)", executable: "/bin/sh", arguments: ["-c", command], output: .file(log))
    let status = child.wait(timeout: 120) ?? child.terminate(grace: 2) ?? -1
    if status != 0 {
      let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw HarnessError.couldNotRun("\(verb) \(name): `\(command)` exited with status \(status)\n\(output)")
    }
  }
}
