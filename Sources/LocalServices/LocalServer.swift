/// A server chaos runs as its own child process on a loopback port: what the harness needs to
/// start it, break it in the ways a scenario asks for, and stop it for good.
public protocol LocalServer: AnyObject, Sendable {
  var port: UInt16 { get }
  /// The pid while it runs.
  var pid: Int32? { get }
  /// Starts it and returns once it really answers.
  func start() throws
  /// Stops it gracefully (data kept) and waits for it.
  func stop()
  /// SIGKILL, as in a crash.
  func kill()
  /// SIGSTOP: connections stay open, nothing is answered.
  func pause()
  /// SIGCONT after ``pause()``.
  func resume()
  /// Stops it, waits `down` seconds, starts it on the same port with the same data.
  func restart(down: Double) throws
  /// Stops it and everything started with it (RabbitMQ's epmd), at the end of a run.
  func shutdown()
}

extension RedisServer: LocalServer {
  public func start() throws { try start(timeout: 15) }

  public func shutdown() {
    resume()
    stop()
  }
}

extension RabbitMQServer: LocalServer {
  public func start() throws { try start(timeout: 60) }
}
