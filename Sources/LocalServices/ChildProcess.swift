import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started by chaos: a server, a worker or a helper.
///
/// Output goes to a log file (or to a handler, line by line). The child is started by
/// ``ChildSpawner`` in its own process group with `PR_SET_PDEATHSIG`, so it dies with chaos even
/// when chaos is killed; it is recorded in ``ChildRegistry`` so that an interrupted run can stop
/// it gracefully first. A thread waits for its exit, so no zombie is left.
public final class ChildProcess: @unchecked Sendable {
  public let name: String
  public let executable: String
  public let arguments: [String]
  /// The process id, valid from the start until the child has been waited for.
  public let pid: Int32
  /// The value of ``treeMarkerName`` in the child's environment, inherited by its descendants:
  /// a signal to the group reaches them too, even those that left it (setpgrp, setsid).
  public let treeMarker: String
  /// The environment variable that marks a child and its descendants.
  public static let treeMarkerName = "CHAOS_CHILD_ID"
  nonisolated(unsafe) private static var serial = 0
  private static let serialLock = NSLock()
  private let lock = NSLock()
  private var exitStatus: Int32?
  private let exited = DispatchSemaphore(value: 0)
  /// The reader of the child's output when it goes to a handler line by line.
  private let lineReader: LineReader?

  /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
  /// - Parameters:
  ///   - environment: the full environment of the child (defaults to ours).
  ///   - output: where stdout and stderr go.
  public init(
    name: String, executable: String, arguments: [String], environment: [String: String]? = nil,
    workingDirectory: String? = nil, output: Output
  ) throws {
    self.name = name
    guard let path = ChildProcess.resolve(executable, in: workingDirectory) else {
      if executable.contains("/") {
        throw ServiceError.programNotFound(ChildProcess.shownPath(executable, in: workingDirectory))
      }
      throw ServiceError.executableNotFound(executable)
    }
    self.executable = path
    self.arguments = arguments
    // The child gets its own copies of /dev/null and the log file at spawn; ours are closed right
    // after (a long soak restarts servers hundreds of times: each kept copy was a leaked fd).
    let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
    var sink: Int32 = -1
    var reader: LineReader?
    defer {
      if input >= 0 { close(input) }
      if sink >= 0 { close(sink) }
    }
    switch output {
    case .file(let file):
      sink = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    case .lines(let handler):
      let ends = try ChildSpawner.pipe()
      sink = ends.write
      reader = LineReader(
        handle: FileHandle(fileDescriptor: ends.read, closeOnDealloc: false), handler: handler)
    case .discard:
      sink = open("/dev/null", O_WRONLY | O_CLOEXEC)
    }
    guard input >= 0, sink >= 0 else { throw ServiceError.system("open (output of \(name))", errno) }
    treeMarker = Self.nextTreeMarker()
    var marked = environment ?? ProcessInfo.processInfo.environment
    marked[Self.treeMarkerName] = treeMarker
    let request = ChildSpawner.Request(
      path: path, arguments: arguments, environment: marked,
      directory: workingDirectory, input: input, output: sink, error: sink)
    do {
      pid = try ChildSpawner.spawn(request)
    } catch {
      if let reader { try? reader.handle.close() }
      throw error
    }
    lineReader = reader
    reader?.start()
    ChildRegistry.shared.add(self)
    let waiter = Thread { [self] in
      let status = ChildSpawner.waitForExit(pid)
      lock.lock()
      exitStatus = status
      lock.unlock()
      ChildRegistry.shared.remove(self)
      exited.signal()
    }
    waiter.name = "chaos-child-waiter"
    waiter.start()
  }

  /// Where a child's output goes.
  public enum Output: Sendable {
    case file(String)
    case lines(@Sendable (String) -> Void)
    case discard
  }

  /// The exit status once the child has exited (its exit code, or the signal that killed it),
  /// nil while it runs.
  public var status: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return exitStatus
  }

  public var isRunning: Bool { status == nil }

  /// Sends `signal` to the child (SIGTERM, SIGKILL, SIGSTOP, SIGCONT…). Ignored once it has exited.
  /// With `group`, to its whole tree: its process group (the child leads one: a shell line's own
  /// children get the signal too) and every descendant that carries its ``treeMarker``, also those
  /// that left the group (setpgrp, setsid) or were orphaned.
  public func send(_ signal: Int32, group: Bool = false) {
    lock.lock()
    defer { lock.unlock() }
    // Under the lock: the waiter reaps (and frees the pid) only after taking it.
    guard exitStatus == nil else { return }
    guard group else {
      kill(pid, signal)
      return
    }
    if !(getpgid(pid) == pid && kill(-pid, signal) == 0) { kill(pid, signal) }
    for descendant in MarkedProcesses.find(Self.treeMarkerName, treeMarker) where descendant != pid {
      kill(descendant, signal)
    }
  }

  private static func nextTreeMarker() -> String {
    serialLock.lock()
    defer { serialLock.unlock() }
    serial += 1
    return "\(getpid()).\(serial)"
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

  /// Waits up to `timeout` seconds until the handler has had the child's last line (end of file
  /// on its output: the child and whatever shared its output have exited); true when it has, or
  /// when the output does not go to a handler.
  @discardableResult
  public func waitForOutputEnd(timeout: Double) -> Bool {
    lineReader?.waitForEnd(timeout: timeout) ?? true
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

  /// A path (`/usr/bin/python3`, `./bin/gow`) as exec after chdir to `workingDirectory` finds it:
  /// a relative path is taken from the working directory; a bare name is looked up in PATH.
  public static func resolve(_ executable: String, in workingDirectory: String? = nil) -> String? {
    if executable.contains("/") {
      let path = shownPath(executable, in: workingDirectory)
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    for directory in directories {
      let candidate = "\(directory)/\(executable)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// A relative path with a working directory: the path under it, as the child would see it.
  public static func shownPath(_ executable: String, in workingDirectory: String?) -> String {
    guard let workingDirectory, executable.contains("/"), !executable.hasPrefix("/") else {
      return executable
    }
    return URL(fileURLWithPath: workingDirectory).appendingPathComponent(executable).standardizedFileURL.path
  }
}
