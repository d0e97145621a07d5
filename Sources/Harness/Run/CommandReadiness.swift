import Foundation
import ProcessLifecycle
import Scenario

/// Waits until every command worker instance is ready: it wrote a line matching its `ready:`
/// (plain text or JSON `msg`, on stdout or stderr), or — without `ready:` — it is still running
/// half a second after it started. An instance that exits first, or is not ready within `timeout`,
/// is bad input: the error names the scenario's `file:line:column` and shows the last lines the
/// command wrote.
enum CommandReadiness {
  /// How long a command worker without `ready:` must stay up to count as started.
  static let settleTime = 0.5

  static func wait(
    for declarations: [WorkerDeclaration], supervisor: Supervisor, journal: EventJournal, timeout: Double,
    interrupt: StopFlag
  ) throws {
    let commands = declarations.filter { $0.command != nil && $0.count > 0 }
    guard !commands.isEmpty else { return }
    let clock = RunClock()
    var pending: [(WorkerDeclaration, any ManagedWorker)] = commands.flatMap { declaration in
      (1...declaration.count).compactMap { index in
        supervisor.worker(WorkerInstance(declaration, index: index)).map { (declaration, $0) }
      }
    }
    while !pending.isEmpty && interrupt.reason == nil {
      let events = journal.snapshot().events
      var still: [(WorkerDeclaration, any ManagedWorker)] = []
      for (declaration, worker) in pending {
        let name = worker.instance.name
        if let ready = declaration.ready {
          if events.contains(where: {
            $0.instance == name && (ready.matches($0.matchText) || ready.matches($0.text))
          }) {
            continue
          }
        } else if worker.isRunning && clock.now() >= settleTime {
          continue
        }
        if !worker.isRunning {
          let status = (worker as? WorkerProcess)?.lastStatus.map { "status \($0)" } ?? "an unknown status"
          let what = declaration.ready.map { " before it was ready (ready: \($0))" } ?? " at once"
          throw failure(declaration, name, "exited with \(status)\(what)", journal)
        }
        still.append((declaration, worker))
      }
      pending = still
      if pending.isEmpty { return }
      if clock.now() >= timeout {
        let (declaration, worker) = pending[0]
        throw failure(
          declaration, worker.instance.name,
          "was not ready within \(Seconds.duration(timeout)): no line matched \(declaration.ready?.description ?? "")",
          journal)
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  private static func failure(
    _ declaration: WorkerDeclaration, _ instance: String, _ what: String, _ journal: EventJournal
  ) -> HarnessError {
    // The pipe may hand over the last lines just after the exit.
    Thread.sleep(forTimeInterval: 0.1)
    let lines = journal.snapshot().events.filter { $0.instance == instance }.suffix(15).map(\.text)
    let output = lines.isEmpty ? "  (it wrote nothing)" : lines.map { "  | \($0)" }.joined(separator: "\n")
    let location = declaration.command?.location ?? declaration.location
    return HarnessError.couldNotRun(
      "\(location): worker \(instance) (`\(declaration.command?.displayText ?? "")`) \(what); its last lines:\n"
        + output)
  }
}
