import Foundation
import LogVocabulary

/// Feeds the plan's documents on its own thread, straight to Redis (not through the proxy: the
/// workload is not under test): each batch is first added to the `fed` set (`SADD <prefix>fed`, so
/// the checker knows what to look for) and then pushed into the inbox (`LPUSH <prefix>inbox`). When Redis is down (a restart
/// in the timeline) it reconnects and retries until it is back, so every document goes in exactly
/// once as far as the feeder can tell.
public final class WorkloadFeeder: @unchecked Sendable {
  private let plan: WorkloadPlan
  private let port: UInt16
  private let host: String
  private let keys: KeySpace
  private let journal: EventJournal
  private let condition = NSCondition()
  private var cancelled = false
  private var finished = false
  private var fedCount = 0

  public init(
    plan: WorkloadPlan, host: String = "127.0.0.1", port: UInt16, keys: KeySpace, journal: EventJournal
  ) {
    self.plan = plan
    self.host = host
    self.port = port
    self.keys = keys
    self.journal = journal
  }

  public var fed: Int {
    condition.lock()
    defer { condition.unlock() }
    return fedCount
  }

  public var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return finished
  }

  public func start() {
    let thread = Thread { [self] in
      feed()
      condition.lock()
      finished = true
      condition.broadcast()
      condition.unlock()
    }
    thread.name = "chaos-workload"
    thread.start()
  }

  public func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// Waits up to `timeout` seconds for the feeder's thread to end.
  @discardableResult
  public func wait(timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    defer { condition.unlock() }
    while !finished {
      if !condition.wait(until: deadline) { break }
    }
    return finished
  }

  /// Sleeps `seconds` unless cancelled; false when cancelled.
  private func pause(_ seconds: Double) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    if cancelled { return false }
    if seconds > 0 { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
    return !cancelled
  }

  private func feed() {
    var connection: RESPConnection?
    var next = 0
    while next < plan.entries.count {
      let wait = plan.entries[next].offset - journal.now()
      if wait > 0 {
        guard pause(min(wait, 0.25)) else { return }
        continue
      }
      let now = journal.now()
      var batch: [String] = []
      var end = next
      while end < plan.entries.count && plan.entries[end].offset <= now && batch.count < 500 {
        batch.append(plan.entries[end].document)
        end += 1
      }
      do {
        if connection == nil { connection = try RESPConnection(host: host, port: port) }
        try connection?.command(["SADD", keys.fed] + batch)
        try connection?.command(["LPUSH", keys.inbox] + batch)
        next = end
        condition.lock()
        fedCount = next
        condition.unlock()
        let count = next
        journal.update { $0.fed = count }
      } catch {
        connection = nil
        guard pause(0.1) else { return }
      }
    }
    let finishedAt = journal.now()
    journal.update { $0.feedFinishedAt = finishedAt }
  }
}
