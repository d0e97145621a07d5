import Foundation
import LocalServices
import Scenario

/// The workload as a command (`workload: { command: […] }`, the pipeline's feed run as
/// `chaos-worker feed`, or the built-in publisher run as `chaos-worker publish`): started at time 0,
/// every output line recorded in the journal as an event of instance `workload`, and its exit
/// status in ``RunJournal/workloadExit``. Lines that report what was fed (``FeedReport``) set the
/// journal's `fed` and, once everything went in, `feedFinishedAt`.
public final class WorkloadCommand: @unchecked Sendable {
  /// The instance (and worker) name of the workload's lines.
  public static let instanceName = "workload"

  private let launch: WorkerLaunch
  private let display: String
  private let journal: EventJournal
  private let lines = LineCollector()
  private let lock = NSLock()
  private var child: ChildProcess?
  private var fedCount = 0

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
      output: .lines { [weak self] line in
        lines.append(line)
        let event = journal.record(
          line: line, instance: Self.instanceName, role: Self.instanceName, generation: 1)
        if let report = FeedReport(event) { self?.record(report, at: event.time) }
      })
    lock.lock()
    child = started
    lock.unlock()
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

  /// Documents fed so far, as the command reported them.
  public var fed: Int {
    lock.lock()
    defer { lock.unlock() }
    return fedCount
  }

  public var isFinished: Bool {
    lock.lock()
    defer { lock.unlock() }
    return child?.isRunning != true
  }

  /// Stops the command if it still runs (the run is over): SIGTERM, SIGKILL after 5 s.
  public func cancel() {
    lock.lock()
    let running = child
    lock.unlock()
    running?.terminate(grace: 5, group: true)
  }

  private func record(_ report: FeedReport, at time: Double) {
    lock.lock()
    fedCount = report.fed
    lock.unlock()
    journal.update {
      $0.fed = report.fed
      if report.kind == .finished { $0.feedFinishedAt = time }
    }
  }
}
