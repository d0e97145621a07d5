import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// How a worker instance's process is started and stopped: the program, its arguments, working
/// directory and full environment (placeholders already resolved), and its graceful stop.
public struct WorkerLaunch: Sendable {
  public var executable: String
  public var arguments: [String]
  public var workingDirectory: String?
  public var environment: [String: String]
  /// The signal of a graceful stop (SIGTERM unless the scenario says otherwise).
  public var stopSignal: Int32
  /// Seconds from the stop signal to SIGKILL.
  public var grace: Double

  public init(
    executable: String, arguments: [String], workingDirectory: String? = nil, environment: [String: String],
    stopSignal: Int32 = SIGTERM, grace: Double = 10
  ) {
    self.executable = executable
    self.arguments = arguments
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.stopSignal = stopSignal
    self.grace = grace
  }

  /// `SIGTERM` → 15; nil for a name this harness does not send.
  public static func signal(named name: String) -> Int32? {
    let signals: [String: Int32] = [
      "SIGTERM": SIGTERM, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGHUP": SIGHUP, "SIGUSR1": SIGUSR1,
      "SIGUSR2": SIGUSR2, "SIGKILL": SIGKILL,
    ]
    return signals[name]
  }
}
