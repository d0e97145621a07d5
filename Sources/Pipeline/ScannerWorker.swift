import Foundation
import LogVocabulary
import Resilience

/// scanner: takes documents from the inbox, creates their jobs and publishes `job.created`.
///
/// A document moves from the inbox to an in-progress list (RPOPLPUSH) and leaves it only after
/// its `job.created` is confirmed, so a scanner killed in between, or a publish that fails twice,
/// loses nothing: the in-progress list is scanned again after every (re)connection and at every
/// health check. Re-scanning is harmless: job creation is idempotent.
public final class ScannerWorker: @unchecked Sendable {
  let runtime: WorkerRuntime
  let events: WorkerEventLog

  public init(runtime: WorkerRuntime) {
    self.runtime = runtime
    self.events = WorkerEventLog(logger: runtime.logger)
  }

  public func run() throws {
    try runtime.runLoop {
      try rescanUnfinished()
      var lastRescan = Date()
      while !runtime.stop.isSet {
        try runtime.healthCheckIfDue()
        if Date().timeIntervalSince(lastRescan) >= runtime.settings.resilience.redis.healthCheckInterval {
          try rescanUnfinished()
          lastRescan = Date()
        }
        guard let id = try runtime.store.takeFromInbox() else {
          runtime.stop.sleep(0.05)
          continue
        }
        try scan(id)
      }
    }
  }

  func rescanUnfinished() throws {
    for id in try runtime.store.unfinishedScans() where !runtime.stop.isSet {
      try scan(id)
    }
  }

  func scan(_ id: String) throws {
    if runtime.settings.workDelay > 0 { runtime.stop.sleep(runtime.settings.workDelay) }
    let new = try runtime.store.createJob(id, now: WorkerRuntime.now)
    do {
      try runtime.publish("job.created", job: id, phase: .created)
    } catch  where runtime.settings.broken.contains(.ignorePublishFailures) {
      events.event(LogEvent.messagePublishIgnored, ["job": .string(id), "error": "\(error)"])
    }
    try runtime.store.finishScan(id)
    events.event(LogEvent.jobCreated, ["job": .string(id), "new": .stringConvertible(new)])
  }
}
