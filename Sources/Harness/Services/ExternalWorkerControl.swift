import Foundation
import LocalServices
import Scenario

/// A worker the harness does not start (`external: true`): its log is the output of the `logs:`
/// command (e.g. `kubectl logs -f deploy/worker`), and the worker verbs run the declared shell
/// commands (`kill:`, `restart:`, `stop:`, `start:`), placeholders already resolved. It counts as
/// running for the whole run: only its own stack knows better.
public final class ExternalWorkerControl: ManagedWorker, @unchecked Sendable {
  public let instance: WorkerInstance
  private let logs: String?
  private let commands: [String: String]
  private let directory: String
  private let journal: EventJournal
  private let lock = NSLock()
  private var logReader: ChildProcess?

  public init(
    instance: WorkerInstance, logs: String?, commands: [String: String], directory: String,
    journal: EventJournal
  ) {
    self.instance = instance
    self.logs = logs
    self.commands = commands
    self.directory = directory
    self.journal = journal
  }

  public var pid: Int32? { nil }
  public var isRunning: Bool { true }

  /// Starts following the `logs:` command (once), and runs `start:` when this is a verb's start.
  public func start() throws {
    lock.lock()
    defer { lock.unlock() }
    guard let logs, logReader?.isRunning != true else { return }
    let journal = journal
    let name = instance.name
    let worker = instance.worker
    logReader = try ChildProcess(
      name: "\(name) logs", executable: "/bin/sh", arguments: ["-c", logs],
      output: .lines { journal.record(line: $0, instance: name, role: worker, generation: 1) })
  }

  @discardableResult public func kill() -> WorkerVerbOutcome? { run("kill") }

  @discardableResult public func stop(grace: Double?) -> WorkerVerbOutcome? { run("stop") }

  @discardableResult
  public func restart(grace: Double?) throws -> WorkerVerbOutcome? {
    if commands["restart"] != nil { return run("restart") }
    let stopped = run("stop")
    run("start")
    return stopped
  }

  /// The `start:` command (a worker verb), unlike ``start()`` which only follows the log.
  public func startCommand() { run("start") }

  /// Stops following the log.
  public func shutdown() {
    lock.lock()
    let reader = logReader
    lock.unlock()
    reader?.terminate(grace: 2, group: true)
  }

  /// Runs the verb's command; what it did, nil when there is no such command or it could not run.
  @discardableResult
  private func run(_ verb: String) -> WorkerVerbOutcome? {
    guard let command = commands[verb] else {
      journal.error("external worker \(instance.worker) has no '\(verb):' command")
      return nil
    }
    let log = "\(directory)/\(instance.worker)-\(verb).log"
    do {
      let child = try ChildProcess(
        name: "\(instance.worker) \(verb)", executable: "/bin/sh", arguments: ["-c", command],
        output: .file(log))
      let status = child.wait(timeout: 120) ?? child.terminate(grace: 2) ?? -1
      if status != 0 {
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        journal.error(
          "\(verb) worker \(instance.worker): `\(command)` exited with status \(status)\n\(output)")
      }
      return WorkerVerbOutcome(command: command, status: status)
    } catch {
      journal.error("\(verb) worker \(instance.worker): `\(command)` could not run: \(error)")
      return nil
    }
  }
}
