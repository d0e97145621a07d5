import Foundation

/// What a resilient client knows about its connection, for the workers' health checks.
public struct ConnectionState: Sendable, Equatable {
  public enum Phase: String, Sendable, Equatable {
    case disconnected, connected, reconnecting, failed
  }

  public var phase: Phase = .disconnected
  /// When the last exchange with the server succeeded (a command, a PING, a publish confirm).
  public var lastSuccess: Date?
  /// Failed checks or attempts in a row; zero after a success.
  public var consecutiveFailures: Int = 0
  /// Successful reconnections since the client was made.
  public var reconnections: Int = 0

  public init() {}

  public var isConnected: Bool { phase == .connected }
}
