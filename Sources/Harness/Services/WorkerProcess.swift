import Foundation
import LocalServices
import Scenario

#if canImport(Glibc)
  import Glibc
#endif

/// One worker instance (`downloader#2`, `celery.1`) run as a child process (``ChildProcess``, so it
/// dies with the harness): every line it writes on stdout or stderr goes to the journal, every exit
/// is recorded with whether the harness asked for it. Signals go to the process group, so that the
/// children of a shell line stop with it. A restart starts a new process (a new
/// generation) with the same launch.
public final class WorkerProcess: ManagedWorker, @unchecked Sendable {
  public let instance: WorkerInstance
  public let launch: WorkerLaunch
  private let journal: EventJournal
  private let lock = NSLock()
  private var child: ChildProcess?
  private var generation = 0
  /// The signal the harness sent to each process, by generation.
  private var requestedSignals: [Int: String] = [:]

  public init(instance: WorkerInstance, launch: WorkerLaunch, journal: EventJournal) {
    self.instance = instance
    self.launch = launch
    self.journal = journal
  }

  /// A built-in worker: `chaos-worker <role>`.
  public convenience init(
    instance: WorkerInstance, executable: String, environment: [String: String], journal: EventJournal
  ) {
    self.init(
      instance: instance,
      launch: WorkerLaunch(executable: executable, arguments: [instance.worker], environment: environment),
      journal: journal)
  }

  public var executable: String { launch.executable }
  public var environment: [String: String] { launch.environment }

  /// The running process id, nil when it is not running.
  public var pid: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return child?.isRunning == true ? child?.pid : nil
  }

  public var isRunning: Bool { pid != nil }

  /// Where this instance serves `/metrics` (its `METRICS_PORT`), nil when it serves none.
  public var metricsPort: UInt16? {
    environment[ScenarioModel.metricsPortVariable].flatMap { UInt16($0) }
  }

  /// The running process and its generation (1 for the first process, +1 per restart).
  public var runningProcess: (pid: Int32, generation: Int)? {
    lock.lock()
    defer { lock.unlock() }
    guard let child, child.isRunning else { return nil }
    return (child.pid, generation)
  }

  /// The exit status of the last process once it has exited.
  public var lastStatus: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return child?.status
  }

  /// Starts a new process of this instance.
  public func start() throws {
    lock.lock()
    defer { lock.unlock() }
    guard child?.isRunning != true else { return }
    generation += 1
    let generation = self.generation
    let journal = self.journal
    let name = instance.name
    let worker = instance.worker
    let started = try ChildProcess(
      name: name, executable: launch.executable, arguments: launch.arguments, environment: launch.environment,
      workingDirectory: launch.workingDirectory,
      output: .lines { line in
        journal.record(line: line, instance: name, role: worker, generation: generation)
      })
    child = started
    let watcher = Thread { [weak self] in
      while started.wait(timeout: 3600) == nil {}
      // The exit is recorded after the process's last line (bounded: a process it left behind
      // may keep the output open).
      started.waitForOutputEnd(timeout: 1)
      self?.exited(started, generation: generation)
    }
    watcher.name = "chaos-worker-watch-\(name)"
    watcher.start()
  }

  private func exited(_ process: ChildProcess, generation: Int) {
    lock.lock()
    let requested = requestedSignals[generation]
    lock.unlock()
    journal.record(
      exit: WorkerExit(
        instance: instance.name, role: instance.worker, generation: generation, pid: process.pid,
        status: process.status ?? -1, time: journal.now(), requestedSignal: requested))
  }

  /// SIGKILL, as in a crash; waits (up to 10 s) for the exit. Nil when no process was running.
  @discardableResult
  public func kill() -> WorkerVerbOutcome? {
    guard let running = mark("SIGKILL") else { return nil }
    running.send(SIGCONT, group: true)
    running.send(SIGKILL, group: true)
    let status = running.wait(timeout: 10)
    return WorkerVerbOutcome(pid: running.pid, signal: "SIGKILL", status: status)
  }

  /// The stop signal (SIGTERM unless declared otherwise), SIGKILL after `grace` seconds (the
  /// declared grace when nil); waits for the exit.
  /// Nil when no process was running.
  @discardableResult
  public func stop(grace: Double? = nil) -> WorkerVerbOutcome? {
    let name = Self.signalName(launch.stopSignal)
    guard let running = mark(name) else { return nil }
    let status = running.terminate(grace: grace ?? launch.grace, signal: launch.stopSignal, group: true)
    return WorkerVerbOutcome(pid: running.pid, signal: name, status: status)
  }

  /// Stops the running process gracefully and starts a new one; returns what the stop did.
  @discardableResult
  public func restart(grace: Double? = nil) throws -> WorkerVerbOutcome? {
    let stopped = stop(grace: grace)
    try start()
    return stopped
  }

  private func mark(_ signal: String) -> ChildProcess? {
    lock.lock()
    defer { lock.unlock() }
    guard let running = child, running.isRunning else { return nil }
    requestedSignals[generation] = signal
    return running
  }

  static func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGINT: return "SIGINT"
    case SIGQUIT: return "SIGQUIT"
    case SIGHUP: return "SIGHUP"
    case SIGUSR1: return "SIGUSR1"
    case SIGUSR2: return "SIGUSR2"
    case SIGKILL: return "SIGKILL"
    default: return "SIGTERM"
    }
  }
}
