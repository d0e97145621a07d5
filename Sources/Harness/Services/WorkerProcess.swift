import Foundation
import LocalServices
import Scenario

#if canImport(Glibc)
  import Glibc
#endif

/// One worker instance (`downloader#2`) run as a child process: every line it writes goes to the
/// journal, every exit is recorded with whether the harness asked for it. A restart starts a new
/// process (a new generation) with the same environment.
public final class WorkerProcess: WorkerControl, @unchecked Sendable {
  /// Seconds between SIGTERM and SIGKILL when a stop names none.
  public static let defaultGrace: Double = 10
  public let instance: WorkerInstance
  public let executable: String
  public let environment: [String: String]
  private let journal: EventJournal
  private let lock = NSLock()
  private var child: ChildProcess?
  private var generation = 0
  /// The signal the harness sent to each process, by generation.
  private var requestedSignals: [Int: String] = [:]

  public init(
    instance: WorkerInstance, executable: String, environment: [String: String], journal: EventJournal
  ) {
    self.instance = instance
    self.executable = executable
    self.environment = environment
    self.journal = journal
  }

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

  /// Starts a new process of this instance.
  public func start() throws {
    lock.lock()
    defer { lock.unlock() }
    guard child?.isRunning != true else { return }
    generation += 1
    let generation = self.generation
    let journal = self.journal
    let name = instance.name
    let role = instance.role.rawValue
    let started = try ChildProcess(
      name: name, executable: executable, arguments: [role], environment: environment,
      output: .lines { line in journal.record(line: line, instance: name, role: role, generation: generation)
      })
    child = started
    let watcher = Thread { [weak self] in
      while started.wait(timeout: 3600) == nil {}
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
        instance: instance.name, role: instance.role.rawValue, generation: generation, pid: process.pid,
        status: process.status ?? -1, time: journal.now(), requestedSignal: requested))
  }

  /// SIGKILL, as in a crash; waits for the exit.
  public func kill() {
    guard let running = mark("SIGKILL") else { return }
    running.send(SIGCONT)
    running.send(SIGKILL)
    _ = running.wait(timeout: 10)
  }

  /// SIGTERM (graceful shutdown), SIGKILL after ``defaultGrace`` seconds; waits for the exit.
  public func stop() {
    stop(grace: Self.defaultGrace)
  }

  /// SIGTERM (graceful shutdown), SIGKILL after `grace` seconds; waits for the exit.
  public func stop(grace: Double) {
    guard let running = mark("SIGTERM") else { return }
    running.terminate(grace: grace)
  }

  /// Stops the running process gracefully and starts a new one.
  public func restart() throws {
    try restart(grace: Self.defaultGrace)
  }

  /// Stops the running process gracefully (SIGKILL after `grace` seconds) and starts a new one.
  public func restart(grace: Double) throws {
    stop(grace: grace)
    try start()
  }

  private func mark(_ signal: String) -> ChildProcess? {
    lock.lock()
    defer { lock.unlock() }
    guard let running = child, running.isRunning else { return nil }
    requestedSignals[generation] = signal
    return running
  }
}
