import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A private RabbitMQ node on loopback ports only (AMQP, Erlang distribution, epmd), with its own epmd, data and logs in one directory.
///
/// It runs `/usr/lib/rabbitmq/bin/rabbitmq-server` directly (the /usr/sbin wrapper switches user
/// and breaks the Erlang cookie), with `RABBITMQ_ALLOW_INPUT` set so that the script `exec`s the
/// Erlang VM: the child we hold is the broker itself, so SIGTERM stops it cleanly and SIGSTOP
/// really freezes it. epmd is started by us in the foreground (not daemonized), so it is our
/// child too and is stopped with the node instead of outliving it. Durable queues and persistent
/// messages survive ``restart(down:)``: the data directory and ports are kept.
public final class RabbitMQServer: @unchecked Sendable {
  public let port: UInt16
  public let distributionPort: UInt16
  public let epmdPort: UInt16
  public let directory: String
  public let nodeName: String
  private let broker = ChildSlot()
  private let epmd = ChildSlot()

  public static let serverScript = "/usr/lib/rabbitmq/bin/rabbitmq-server"

  public init(port: UInt16? = nil, directory: String) throws {
    self.port = try port ?? FreePort.allocate()
    self.distributionPort = try FreePort.allocate()
    self.epmdPort = try FreePort.allocate()
    self.directory = directory
    self.nodeName = "chaos\(self.port)@localhost"
  }

  public var logFile: String { "\(directory)/log/\(nodeName).log" }
  private var consoleLog: String { "\(directory)/rabbitmq-console.log" }

  /// The node's private `RABBITMQ_HOME` (``RabbitMQHome``): only the applications it needs on the code path.
  private var home: RabbitMQHome { RabbitMQHome(path: "\(directory)/rabbitmq-home") }

  private func preparedHome() throws -> RabbitMQHome {
    try RabbitMQHome.prepare(at: home.path, installedScript: Self.serverScript)
  }

  public var pid: Int32? { broker.pid }

  public var isRunning: Bool { pid != nil }

  /// The environment given to the broker, epmd and rabbitmqctl.
  public var environment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = directory
    env["RABBITMQ_NODENAME"] = nodeName
    env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1"
    env["RABBITMQ_NODE_PORT"] = String(port)
    env["RABBITMQ_DIST_PORT"] = String(distributionPort)
    env["RABBITMQ_MNESIA_BASE"] = "\(directory)/mnesia"
    env["RABBITMQ_LOG_BASE"] = "\(directory)/log"
    env["RABBITMQ_ENABLED_PLUGINS_FILE"] = "\(directory)/enabled_plugins"
    env["RABBITMQ_PID_FILE"] = "\(directory)/rabbitmq.pid"
    env["RABBITMQ_CONFIG_FILE"] = "\(directory)/rabbitmq"
    env["RABBITMQ_ALLOW_INPUT"] = "true"
    env["RABBITMQ_SCRIPTS_DIR"] = home.scriptsDirectory
    env["ERL_EPMD_PORT"] = String(epmdPort)
    env["ERL_EPMD_ADDRESS"] = "127.0.0.1"
    // Erlang distribution listens on every interface unless told otherwise (seen: 0.0.0.0:11600);
    // the node and the rabbitmqctl node both keep it on loopback.
    let loopbackDistribution = "-kernel inet_dist_use_interface {127,0,0,1}"
    env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = loopbackDistribution
    env["RABBITMQ_CTL_ERL_ARGS"] = loopbackDistribution
    return env
  }

  /// Starts epmd (once) and the broker, and waits until the broker answers the AMQP header with
  /// `connection.start`. A boot costs about 4.2 s of CPU (5–8 s of wall time on this 2-core machine
  /// under load); the node runs from its private ``RabbitMQHome``.
  public func start(timeout: Double = 60) throws {
    let fm = FileManager.default
    try fm.createDirectory(atPath: "\(directory)/log", withIntermediateDirectories: true)
    try "[].\n".write(toFile: "\(directory)/enabled_plugins", atomically: true, encoding: .utf8)
    if !fm.fileExists(atPath: "\(directory)/rabbitmq.conf") {
      let config = """
        loopback_users = none
        disk_free_limit.absolute = 10MB
        log.console = false
        log.file.level = info

        """
      try config.write(toFile: "\(directory)/rabbitmq.conf", atomically: true, encoding: .utf8)
    }
    guard fm.isExecutableFile(atPath: Self.serverScript) else {
      throw ServiceError.executableNotFound(Self.serverScript)
    }
    let home = try preparedHome()
    if epmd.pid == nil {
      let started = try ChildProcess(
        name: "epmd:\(epmdPort)", executable: "epmd",
        arguments: ["-port", String(epmdPort), "-address", "127.0.0.1"],
        environment: environment, output: .file("\(directory)/epmd.log"))
      epmd.replace(with: started)
      let deadline = Date().addingTimeInterval(5)
      while !ReadinessProbe.accepts(port: epmdPort) && Date() < deadline { usleep(20_000) }
    }
    let started = try ChildProcess(
      name: "rabbitmq-server:\(port)", executable: home.serverScript, arguments: ["-noinput"],
      environment: environment, workingDirectory: directory, output: .file(consoleLog))
    broker.replace(with: started)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let status = started.status {
        throw ServiceError.exited(service: "rabbitmq-server", status: status, log: recentLog())
      }
      if ReadinessProbe.amqpAnswersConnectionStart(port: port) { return }
      usleep(100_000)
    }
    started.terminate(grace: 5)
    throw ServiceError.notReady(service: "rabbitmq-server", seconds: timeout, log: recentLog())
  }

  /// Stops the broker with SIGTERM and waits for it. epmd keeps running so that a later
  /// ``start(timeout:)`` is quick; ``shutdown()`` stops both.
  ///
  /// A node that has had clients sometimes does not leave the Erlang VM after its shutdown has
  /// finished (seen here: the listener and both message stores stopped within a second, then the
  /// VM idled until it was killed 15 s later). So once the log says the persistent message store
  /// is stopped — every confirmed message is on disk — and the AMQP port is closed, the broker
  /// gets one more second and then SIGKILL. A stop costs ~1–2 s instead of 15.
  public func stop() {
    guard let running = broker.current, running.isRunning else { return }
    let logStart = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int) ?? 0
    running.send(SIGCONT)
    running.send(SIGTERM)
    let deadline = Date().addingTimeInterval(15)
    var storesStoppedAt: Date?
    while running.wait(timeout: 0.1) == nil && Date() < deadline {
      if storesStoppedAt == nil, !ReadinessProbe.accepts(port: port),
        logTail(from: logStart).contains("msg_store_persistent' is stopped")
      {
        storesStoppedAt = Date()
      }
      if let stopped = storesStoppedAt, Date().timeIntervalSince(stopped) >= 1 { break }
    }
    broker.kill()
  }

  /// What the node logged since byte `offset` of its log file.
  private func logTail(from offset: Int) -> String {
    guard let handle = FileHandle(forReadingAtPath: logFile) else { return "" }
    defer { try? handle.close() }
    try? handle.seek(toOffset: UInt64(offset))
    return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
  }

  /// SIGKILL to the broker, as in a crash.
  public func kill() { broker.kill() }

  public func pause() { broker.send(SIGSTOP) }
  public func resume() { broker.send(SIGCONT) }

  public func restart(down: Double = 0) throws {
    stop()
    if down > 0 { Thread.sleep(forTimeInterval: down) }
    try start()
  }

  /// Stops the broker and its epmd.
  public func shutdown() {
    stop()
    epmd.stop(grace: 2)
  }

  /// Runs `rabbitmqctl` against this node (e.g. `["add_vhost", "v1"]`); returns its exit status and output.
  @discardableResult
  public func control(_ arguments: [String], timeout: Double = 30) throws -> (status: Int32, output: String) {
    let outputFile = "\(directory)/rabbitmqctl-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: outputFile) }
    let ctl = try ChildProcess(
      name: "rabbitmqctl", executable: "\(try preparedHome().scriptsDirectory)/rabbitmqctl",
      arguments: ["-n", nodeName] + arguments, environment: environment, output: .file(outputFile))
    let status = ctl.wait(timeout: timeout) ?? ctl.terminate(grace: 1) ?? -1
    return (status, LogTail.lines(outputFile, count: 200))
  }

  private func recentLog() -> String {
    LogTail.lines(consoleLog) + "\n" + LogTail.lines(logFile)
  }
}
