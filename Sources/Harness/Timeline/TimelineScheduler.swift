import Foundation
import Scenario

/// Fires the timeline: `at:` steps on the journal's monotonic clock (seconds from the workload
/// start), `after: "<message>"` steps when a worker has logged the message, `after: N deliveries on
/// PROXY` steps when the proxy's tap has counted N such events over all its links (waited for up to
/// the scenario's deadline; the count seen is recorded as the step's `tapCount`). Each step runs on its own thread,
/// so a long step (a restart with `down: 4s`) does not hold back the next one. Every step is
/// printed as it fires (`[  5.0s] restart redis (down 4s)`) and recorded in the journal with the
/// start and end of its window: a `for:` fault ends when it is removed, `stop`/`kill`/`pause` end
/// when a later `start`/`resume` of the service is done, a fault without `for:` when `clear` comes.
public final class TimelineScheduler: @unchecked Sendable {
  public typealias Console = @Sendable (String) -> Void

  private let steps: [TimelineStep]
  private let journal: EventJournal
  private let executor: any StepExecutor
  private let proxyServices: [String: String]
  private let taps: (any FaultInjector)?
  private let deadline: Double
  private let console: Console
  private let condition = NSCondition()
  private var cancelled = false
  private var running = 0
  private var openWindows: [String: [(index: Int, undo: (@Sendable () throws -> Void)?)]] = [:]

  /// - Parameters:
  ///   - proxyServices: proxy name → the service behind it.
  ///   - taps: the proxies whose taps `after: N <event> on PROXY` steps wait on.
  ///   - deadline: seconds since the workload start after which protocol triggers stop waiting.
  public init(
    steps: [TimelineStep], journal: EventJournal, executor: any StepExecutor,
    proxyServices: [String: String] = [:], taps: (any FaultInjector)? = nil, deadline: Double = .infinity,
    console: @escaping Console
  ) {
    self.steps = steps
    self.journal = journal
    self.executor = executor
    self.proxyServices = proxyServices
    self.taps = taps
    self.deadline = deadline
    self.console = console
  }

  /// Records every step (not fired yet) and starts waiting for each; call right after the workload starts.
  public func start() {
    for (index, step) in steps.enumerated() {
      let fault = step.action.fault
      let (target, kind) = (fault.target, fault.targetKind)
      journal.record(
        step: StepRecord(
          index: index, description: StepText.describe(step), trigger: StepText.trigger(step.trigger),
          location: step.location.description, verb: fault.verb, target: target, targetKind: kind.rawValue,
          service: kind == .proxy ? proxyServices[target] : kind == .service ? target : nil,
          interruptsService: fault.interruptsService))
      if step.optional { journal.updateStep(index) { $0.optional = true } }
    }
    condition.lock()
    running = steps.count
    condition.unlock()
    for (index, step) in steps.enumerated() {
      let thread = Thread { [self] in
        run(step, index: index)
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
      }
      thread.name = "chaos-timeline-\(index)"
      thread.start()
    }
  }

  /// True when every step has fired and every `for:` window has closed (or the timeline was cancelled).
  public var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return running == 0
  }

  /// Waits until ``isFinished`` or `timeout` seconds; returns ``isFinished``.
  @discardableResult
  public func wait(timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    defer { condition.unlock() }
    while running > 0 {
      if !condition.wait(until: deadline) { break }
    }
    return running == 0
  }

  /// Steps that have not fired yet never will; `for:` windows being waited out end now (their faults
  /// are removed). Returns at once; use ``wait(timeout:)`` for the threads to finish.
  public func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  private var isCancelled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelled
  }

  /// Sleeps until `time` (seconds since the workload start); false when cancelled first.
  private func sleep(until time: Double) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while !cancelled {
      let remaining = time - journal.now()
      if remaining <= 0 { return true }
      _ = condition.wait(until: Date().addingTimeInterval(min(remaining, 0.5)))
    }
    return false
  }

  /// Subscribes to the journal's lines and waits (woken by each match) until `count` matched; the
  /// lines are matched as `log:` matches them (``LogPattern/matches(_:)``: text or `/regex/`).
  /// When cancelled first, records on the step how many matched.
  private func waitForLog(pattern: LogPattern, from worker: String?, count: Int, step index: Int) -> Bool {
    let matches = MatchCount()
    let subscription = journal.subscribe { [condition] event in
      guard pattern.matches(event.matchText) && (worker.map(event.isFrom) ?? true) else { return }
      condition.lock()
      matches.value += 1
      condition.broadcast()
      condition.unlock()
    }
    defer { subscription.cancel() }
    condition.lock()
    defer { condition.unlock() }
    while !cancelled {
      if matches.value >= max(count, 1) { return true }
      condition.wait()
    }
    let seen = matches.value
    let source = worker.map { " by \($0)" } ?? ""
    journal.updateStep(index) {
      $0.notFired = "\(pattern) was logged\(source) \(seen) of \(max(count, 1)) time\(count > 1 ? "s" : "")"
    }
    return false
  }

  /// Waits in short slices (so that ``cancel()`` is heard) until the proxy's tap counted `count`
  /// events, or the deadline; returns the count seen, nil when the step will not fire (the reason
  /// is recorded on the step).
  private func waitForTap(event: String, count: Int, proxy: String, step index: Int) -> Int? {
    guard let taps else {
      journal.updateStep(index) {
        $0.notFired = "no proxy engine in this run: the tap of \(proxy) cannot be read"
      }
      return nil
    }
    do {
      while !isCancelled {
        let remaining = deadline - journal.now()
        if remaining <= 0 { break }
        if let seen = try taps.waitFor(
          event: event, count: count, proxy: proxy, timeout: min(remaining, 0.25))
        {
          return seen
        }
      }
      let seen = try taps.waitFor(event: event, count: 0, proxy: proxy, timeout: 0) ?? 0
      journal.updateStep(index) {
        $0.notFired = "the tap of \(proxy) counted \(seen) of \(count) \(event)"
        $0.tapCount = seen
      }
    } catch {
      journal.updateStep(index) { $0.notFired = "cannot read the tap of \(proxy): \(error)" }
    }
    return nil
  }

  private func run(_ step: TimelineStep, index: Int) {
    let due: Bool
    var tapCount: Int?
    switch step.trigger {
    case .at(let time):
      due = sleep(until: time)
      if !due {
        let now = journal.now()
        journal.updateStep(index) { $0.notFired = "the run ended at \(Seconds.format(now, width: 0)) first" }
      }
    case .afterLog(let pattern, let role, let count):
      due = waitForLog(pattern: pattern, from: role, count: count, step: index)
    case .afterProtocol(let count, let event, let proxy):
      tapCount = waitForTap(event: event.rawValue, count: count, proxy: proxy, step: index)
      due = tapCount != nil
    }
    guard due else { return }
    let started = journal.now()
    journal.updateStep(index) {
      $0.startedAt = started
      $0.tapCount = tapCount
    }
    let description = StepText.describe(step)
    let seen = tapCount.map { " (\($0) seen)" } ?? ""
    console("[\(Seconds.format(started))] \(description)\(seen)")
    let target = step.action.fault.target
    let bringsBack = step.action.fault.bringsBack
    let effect: FaultEffect
    do {
      effect = try executor.perform(step.action)
    } catch {
      let now = journal.now()
      journal.updateStep(index) {
        $0.error = "\(error)"
        $0.endedAt = now
      }
      console("[\(Seconds.format(now))] \(description) FAILED: \(error)")
      return
    }
    switch effect {
    case .finished(let detail):
      let now = journal.now()
      if bringsBack { closeWindows(of: target, at: now) }
      let fault = step.action.fault
      let at = { (time: Double) in Seconds.format(time, width: 0) }
      let effect =
        detail
        ?? (fault.targetKind != .service
          ? "done after \(Seconds.precise(now - started))"
          : fault.interruptsService
            ? "\(target) down at \(at(started)), answering again at \(at(now))"
            : "\(target) answering at \(at(now))")
      journal.updateStep(index) {
        $0.endedAt = now
        $0.effect = effect
      }
      if now - started >= 0.2 || detail != nil || bringsBack {
        console(
          "[\(Seconds.format(now))] \(description): done after \(Seconds.precise(now - started))"
            + (detail.map { " (\($0))" } ?? ""))
      }
    case .serviceDown:
      let now = journal.now()
      journal.updateStep(index) { $0.effect = "\(target) down at \(Seconds.format(now, width: 0))" }
      open(window: index, on: target, undo: nil)
    case .lasting(let undo):
      let placed = journal.now()
      journal.updateStep(index) {
        $0.effect = "in place on \(target) from \(Seconds.format(placed, width: 0))"
      }
      guard let duration = step.duration else {
        open(window: index, on: target, undo: undo)
        return
      }
      _ = sleep(until: started + duration)
      do {
        try undo()
      } catch {
        journal.updateStep(index) { $0.error = "could not remove the fault: \(error)" }
      }
      let now = journal.now()
      journal.updateStep(index) {
        $0.endedAt = now
        $0.effect = ($0.effect ?? "") + ", removed at \(Seconds.format(now, width: 0))"
      }
      console("[\(Seconds.format(now))] \(description): over")
    }
  }

  private func open(window index: Int, on target: String, undo: (@Sendable () throws -> Void)?) {
    condition.lock()
    openWindows[target, default: []].append((index, undo))
    condition.unlock()
  }

  /// Ends the open windows on `target` (a `start`, `resume`, `restart` or `clear` brought it back).
  private func closeWindows(of target: String, at time: Double) {
    condition.lock()
    let windows = openWindows.removeValue(forKey: target) ?? []
    condition.unlock()
    for window in windows {
      journal.updateStep(window.index) {
        $0.endedAt = time
        $0.effect =
          ($0.effect ?? "") + (window.undo == nil ? ", up" : ", removed")
          + " at \(Seconds.format(time, width: 0))"
      }
    }
  }

  /// Removes the proxy faults still in place (no `for:` and no `clear`) so that the end-of-run
  /// checks see a healthy network; their windows end now. A stopped service stays stopped.
  public func removeOpenFaults() {
    condition.lock()
    var removed: [(index: Int, undo: @Sendable () throws -> Void)] = []
    for (target, windows) in openWindows {
      for window in windows { if let undo = window.undo { removed.append((window.index, undo)) } }
      openWindows[target] = windows.filter { $0.undo == nil }
    }
    condition.unlock()
    for window in removed {
      try? window.undo()
      let now = journal.now()
      journal.updateStep(window.index) {
        $0.endedAt = now
        $0.effect = ($0.effect ?? "") + ", removed at the end of the run (\(Seconds.format(now, width: 0)))"
      }
    }
  }
}

/// Matches counted by a log trigger's subscription; read and written under the scheduler's condition.
private final class MatchCount: @unchecked Sendable {
  var value = 0
}
