import CChildSpawn
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Starts children with `PR_SET_PDEATHSIG` = SIGKILL (CChildSpawn: fork, prctl, exec), so that
/// every server, epmd, Erlang VM and worker dies with chaos — even when chaos itself is killed
/// with SIGKILL and has no chance to clean up.
///
/// The kernel sends the death signal when the *thread* that forked the child ends, not the process.
/// So every fork happens on one thread that lives as long as the process; callers hand their
/// request over and wait for its answer.
enum ChildSpawner {
  /// What the child gets: its stdin, stdout and stderr descriptors (kept open by the caller).
  struct Request {
    var path: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String?
    var input: Int32
    var output: Int32
    var error: Int32
  }

  /// Starts the child; returns its pid or throws the errno of the failure (exec errors included).
  static func spawn(_ request: Request) throws -> Int32 {
    let result = SpawnThread.shared.perform { start(request) }
    switch result {
    case .success(let pid): return pid
    case .failure(let error): throw error
    }
  }

  /// A pipe whose ends no child inherits: (read, write).
  static func pipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    guard chaos_pipe(&ends) == 0 else { throw ServiceError.system("pipe", errno) }
    return (ends[0], ends[1])
  }

  /// Blocks until `pid` exits; its exit code, or the signal that killed it.
  static func waitForExit(_ pid: Int32) -> Int32 {
    var signalNumber: Int32 = 0
    return chaos_wait_exit(pid, &signalNumber)
  }

  private static func start(_ request: Request) -> Result<Int32, ServiceError> {
    let argv = ([request.path] + request.arguments).map { strdup($0) }
    let envp = request.environment.map { strdup("\($0.key)=\($0.value)") }
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let failure = (argv + [nil]).withUnsafeBufferPointer { arguments in
      (envp + [nil]).withUnsafeBufferPointer { environment in
        chaos_spawn(
          request.path, arguments.baseAddress, environment.baseAddress, request.directory, request.input,
          request.output, request.error, &pid)
      }
    }
    if failure != 0 {
      return .failure(.system("starting \(request.path)", failure))
    }
    return .success(pid)
  }
}

/// The one thread that forks every child (see ``ChildSpawner``); it never ends.
private final class SpawnThread: @unchecked Sendable {
  static let shared = SpawnThread()
  private let condition = NSCondition()
  private var queue: [() -> Void] = []

  private init() {
    let thread = Thread { [self] in serve() }
    thread.name = "chaos-child-spawner"
    thread.start()
  }

  func perform<T>(_ work: @escaping () -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: T?
    condition.lock()
    queue.append {
      result = work()
      done.signal()
    }
    condition.signal()
    condition.unlock()
    done.wait()
    return result!
  }

  private func serve() {
    while true {
      condition.lock()
      while queue.isEmpty { condition.wait() }
      let work = queue.removeFirst()
      condition.unlock()
      work()
    }
  }
}
