import Scenario

/// How timeline steps read on the console and in reports: `restart redis (down 4s)`.
public enum StepText {
  public static func describe(_ step: TimelineStep) -> String {
    var text = describe(step.action)
    if let duration = step.duration { text += " for \(Seconds.duration(duration))" }
    return text
  }

  public static func describe(_ action: StepAction) -> String {
    switch action {
    case .cut(let proxy): return "cut \(proxy)"
    case .delay(let proxy, let latency, let jitter):
      return "delay \(proxy) (latency \(latency)ms" + (jitter > 0 ? ", jitter \(jitter)ms)" : ")")
    case .reset(let proxy): return "reset \(proxy)"
    case .blackhole(let proxy): return "blackhole \(proxy)"
    case .throttle(let proxy, let rate): return "throttle \(proxy) (\(rate) KB/s)"
    case .slice(let proxy, let size, let variation, let delay):
      return "slice \(proxy) (size \(size)±\(variation), delay \(delay)µs)"
    case .clear(let proxy): return "clear \(proxy)"
    case .restart(let service, let down): return "restart \(service) (down \(Seconds.duration(down)))"
    case .stop(let service): return "stop \(service)"
    case .start(let service): return "start \(service)"
    case .kill(let service): return "kill \(service)"
    case .pause(let service): return "pause \(service)"
    case .resume(let service): return "resume \(service)"
    case .killWorker(let worker, let index): return "kill worker \(instanceName(worker, index))"
    case .restartWorker(let worker, let index): return "restart worker \(instanceName(worker, index))"
    case .stopWorker(let worker, let index): return "stop worker \(instanceName(worker, index))"
    }
  }

  public static func trigger(_ trigger: Trigger) -> String {
    switch trigger {
    case .at(let seconds): return "at \(Seconds.duration(seconds))"
    case .afterLog(let message, let from, let count):
      return "after \(count > 1 ? "\(count)× " : "")\"\(message)\""
        + (from.map { " from \($0)" } ?? "")
    case .afterProtocol(let count, let event, let proxy):
      return "after \(count) \(event.rawValue) on \(proxy)"
    }
  }

  /// The verb, what it acts on and what kind of thing that is.
  public static func target(_ action: StepAction) -> (verb: String, target: String, kind: String) {
    switch action {
    case .cut(let proxy): return ("cut", proxy, "proxy")
    case .delay(let proxy, _, _): return ("delay", proxy, "proxy")
    case .reset(let proxy): return ("reset", proxy, "proxy")
    case .blackhole(let proxy): return ("blackhole", proxy, "proxy")
    case .throttle(let proxy, _): return ("throttle", proxy, "proxy")
    case .slice(let proxy, _, _, _): return ("slice", proxy, "proxy")
    case .clear(let proxy): return ("clear", proxy, "proxy")
    case .restart(let service, _): return ("restart", service, "service")
    case .stop(let service): return ("stop", service, "service")
    case .start(let service): return ("start", service, "service")
    case .kill(let service): return ("kill", service, "service")
    case .pause(let service): return ("pause", service, "service")
    case .resume(let service): return ("resume", service, "service")
    case .killWorker(let worker, let index): return ("kill worker", instanceName(worker, index), "worker")
    case .restartWorker(let worker, let index):
      return ("restart worker", instanceName(worker, index), "worker")
    case .stopWorker(let worker, let index): return ("stop worker", instanceName(worker, index), "worker")
    }
  }

  /// True for steps after which the service cannot be reached until it is back.
  public static func interruptsService(_ action: StepAction) -> Bool {
    switch action {
    case .cut, .reset, .blackhole, .restart, .stop, .kill, .pause: return true
    default: return false
    }
  }

  /// `downloader#2` for a built-in role, `celery.1` for any other worker.
  static func instanceName(_ worker: String, _ index: Int?) -> String {
    WorkerNaming.instance(worker: worker, builtIn: WorkerRole(rawValue: worker) != nil, index: index ?? 1)
  }
}
