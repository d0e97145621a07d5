import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started by chaos: a server, a worker or a helper.
///
/// Output goes to a log file (or to a handler, line by line). Every child is recorded in
/// ``ChildRegistry`` so that an interrupted run can stop all of them; Foundation's `Process`
/// reaps it when it exits, so no zombie is left.
public final class ChildProcess: @unchecked Sendable {
  public let name: String
  public let executable: String
  public let arguments: [String]
  private let process = Process()
  private let lock = NSLock()
  private var exitStatus: Int32?
  private let exited = DispatchSemaphore(value: 0)

  /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
  /// - Parameters:
  ///   - environment: the full environment of the child (defaults to ours).
  ///   - output: where stdout and stderr go.
  public init(
    name: String, executable: String, arguments: [String], environment: [String: String]? = nil,
    workingDirectory: String? = nil, output: Output
  ) throws {
    self.name = name
    guard let path = ChildProcess.resolve(executable) else {
      throw ServiceError.executableNotFound(executable)
    }
    self.executable = path
    self.arguments = arguments
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
    // The child gets its own copies of /dev/null and the log file at spawn; ours are closed right
    // after (a long soak restarts servers hundreds of times: each kept copy was a leaked fd).
    let input = FileHandle(forReadingAtPath: "/dev/null")
    var logFile: FileHandle?
    defer {
      try? input?.close()
      try? logFile?.close()
    }
    process.standardInput = input
    switch output {
    case .file(let file):
      if !FileManager.default.fileExists(atPath: file) {
        _ = FileManager.default.createFile(atPath: file, contents: nil)
      }
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
      handle.seekToEndOfFile()
      logFile = handle
      process.standardOutput = handle
      process.standardError = handle
    case .lines(let handler):
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      let reader = LineReader(handle: pipe.fileHandleForReading, handler: handler)
      reader.start()
    case .discard:
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
    }
    process.terminationHandler = { [weak self] process in
      guard let self else { return }
      self.lock.lock()
      self.exitStatus = process.terminationStatus
      self.lock.unlock()
      ChildRegistry.shared.remove(self)
      self.exited.signal()
    }
    try process.run()
    ChildRegistry.shared.add(self)
  }

  /// Where a child's output goes.
  public enum Output: Sendable {
    case file(String)
    case lines(@Sendable (String) -> Void)
    case discard
  }

  public var pid: Int32 { process.processIdentifier }

  /// The exit status once the child has exited, nil while it runs.
  public var status: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return exitStatus
  }

  public var isRunning: Bool { status == nil }

  /// Sends `signal` to the child (SIGTERM, SIGKILL, SIGSTOP, SIGCONT…). Ignored once it has exited.
  /// With `group`, to its whole process group (the child leads one: a shell line's own children
  /// get the signal too), or to the child alone when it leads none.
  public func send(_ signal: Int32, group: Bool = false) {
    guard isRunning else { return }
    if group && getpgid(pid) == pid && kill(-pid, signal) == 0 { return }
    kill(pid, signal)
  }

  /// Waits up to `timeout` seconds for the child to exit; returns its status, or nil if it still runs.
  @discardableResult
  public func wait(timeout: Double) -> Int32? {
    if let status { return status }
    if exited.wait(timeout: .now() + timeout) == .success {
      exited.signal()  // let other waiters through too
    }
    return status
  }

  /// `signal` (SIGTERM), then SIGKILL after `grace` seconds; waits for the exit. A stopped (paused)
  /// child is continued first so that it can act on the signal.
  /// With `group`, every signal goes to the child's process group (``send(_:group:)``).
  @discardableResult
  public func terminate(grace: Double = 10, signal: Int32 = SIGTERM, group: Bool = false) -> Int32? {
    guard isRunning else { return status }
    send(SIGCONT, group: group)
    send(signal, group: group)
    if let status = wait(timeout: grace) { return status }
    send(SIGKILL, group: group)
    return wait(timeout: 10)
  }

  static func resolve(_ executable: String) -> String? {
    if executable.contains("/") {
      return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    for directory in directories {
      let candidate = "\(directory)/\(executable)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
