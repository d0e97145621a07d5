import Foundation
import LocalServices
import Scenario

/// The workload as a command (`workload: { command: […] }`, or the built-in publisher run as
/// `chaos-worker publish`): started at time 0, every output line recorded in the journal as an
/// event of instance `workload`, and its exit status in ``RunJournal/workloadExit``.
public final class WorkloadCommand: @unchecked Sendable {
  /// The instance (and worker) name of the workload's lines.
  public static let instanceName = "workload"

  private let launch: WorkerLaunch
  private let display: String
  private let journal: EventJournal
  private let lines = LineCollector()
  private var child: ChildProcess?

  public init(launch: WorkerLaunch, display: String, journal: EventJournal) {
    self.launch = launch
    self.display = display
    self.journal = journal
  }

  /// Starts the command; throws when the program cannot be started.
  public func start() throws {
    let journal = journal
    let lines = lines
    let started = try ChildProcess(
      name: Self.instanceName, executable: launch.executable, arguments: launch.arguments,
      environment: launch.environment, workingDirectory: launch.workingDirectory,
      output: .lines { line in
        lines.append(line)
        journal.record(line: line, instance: Self.instanceName, role: Self.instanceName, generation: 1)
      })
    child = started
    let display = display
    let watcher = Thread {
      while started.wait(timeout: 3600) == nil {}
      let status = started.status ?? -1
      // Let the reader hand over the last lines.
      Thread.sleep(forTimeInterval: 0.05)
      let exit = CommandExit(
        command: display, time: journal.now(), status: status, lastLines: Array(lines.all.suffix(20)))
      journal.update { $0.workloadExit = exit }
    }
    watcher.name = "chaos-workload-watch"
    watcher.start()
  }

  public var isFinished: Bool { child?.isRunning != true }

  /// Stops the command if it still runs (the run is over).
  public func cancel() {
    child?.terminate(grace: 5, group: true)
  }
}
