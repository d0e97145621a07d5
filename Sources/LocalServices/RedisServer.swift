import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A private `redis-server` on a loopback port, with its data in its own directory.
///
/// AOF is on (`appendfsync always`) and RDB snapshots off, so a restart keeps every acknowledged
/// write; `DEBUG` is allowed from loopback so that tests can stall the server (`DEBUG SLEEP`).
/// Restarting keeps the port and the directory.
public final class RedisServer: @unchecked Sendable {
  public let port: UInt16
  public let directory: String
  public let logFile: String
  private let slot = ChildSlot()

  /// - Parameters:
  ///   - port: the port to listen on; a free one when nil.
  ///   - directory: where data and log live; must exist.
  public init(port: UInt16? = nil, directory: String) throws {
    self.port = try port ?? FreePort.allocate()
    self.directory = directory
    self.logFile = "\(directory)/redis.log"
  }

  public var pid: Int32? { slot.pid }

  public var isRunning: Bool { pid != nil }

  /// Starts the server and waits until it answers PONG (not LOADING).
  public func start(timeout: Double = 15) throws {
    let arguments = [
      "--port", String(port), "--bind", "127.0.0.1", "--dir", directory,
      "--appendonly", "yes", "--appendfsync", "always", "--save", "",
      "--enable-debug-command", "local", "--daemonize", "no", "--protected-mode", "no",
    ]
    let started = try ChildProcess(
      name: "redis-server:\(port)", executable: "redis-server", arguments: arguments,
      output: .file(logFile))
    slot.replace(with: started)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let status = started.status {
        throw ServiceError.exited(service: "redis-server", status: status, log: LogTail.lines(logFile))
      }
      if ReadinessProbe.redisAnswersPong(port: port) { return }
      usleep(20_000)
    }
    started.terminate(grace: 2)
    throw ServiceError.notReady(service: "redis-server", seconds: timeout, log: LogTail.lines(logFile))
  }

  /// Stops the server with SIGTERM (it flushes the AOF) and waits for it.
  public func stop() { slot.stop(grace: 10) }

  /// SIGKILL: the server dies at once, as in a crash.
  public func kill() { slot.kill() }

  /// SIGSTOP: the server freezes; connections stay open but nothing is answered.
  public func pause() { slot.send(SIGSTOP) }
  /// SIGCONT after ``pause()``.
  public func resume() { slot.send(SIGCONT) }

  /// Stops the server, waits `down` seconds, starts it again on the same port with the same data.
  public func restart(down: Double = 0) throws {
    stop()
    if down > 0 { Thread.sleep(forTimeInterval: down) }
    try start()
  }
}
