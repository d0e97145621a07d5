import Scenario

/// A service the harness controls for a scenario: one it started (Redis, RabbitMQ) or an external one.
public protocol ManagedService: ServiceControl {
  var name: String { get }
  var kind: ServiceKind { get }
  var host: String { get }
  var port: UInt16 { get }
  /// Process ids the harness started for it (for leak checks); empty for an external service.
  var pids: [Int32] { get }
  /// Starts it (or, for an external service, waits until it answers) and returns when it answers.
  func start() throws
  /// Stops it gracefully and waits for it.
  func stop() throws
  /// Kills it as in a crash.
  func kill() throws
  /// Freezes it: connections stay open, nothing is answered.
  func pause() throws
  func resume() throws
  /// Stops it, waits `down` seconds, starts it again with its data; returns once it answers.
  func restart(down: Double) throws
  /// Stops it and everything started with it (epmd) at the end of a run.
  func shutdown()
}

extension ManagedService {
  /// `127.0.0.1:40123`.
  public var address: String { "\(host):\(port)" }
}
