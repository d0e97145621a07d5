import LogVocabulary
import Scenario

/// What the report's timeline shows, taken from a journal: a lane per service with the windows of
/// the faults on it, and a lane per worker instance with its connection troubles.
public struct ReportLanes: Sendable, Equatable {
  /// A fault on a service (or on the proxy in front of it), from the step's start to its end.
  public struct FaultWindow: Sendable, Equatable {
    public var step: Int
    public var description: String
    public var start: Double
    /// Nil while the fault was still in place at the end of the run.
    public var end: Double?
    public var error: String?
  }

  /// One service's lane.
  public struct ServiceLane: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var windows: [FaultWindow]
  }

  /// What a worker event means on the timeline.
  public enum Mark: String, Sendable, Equatable, CaseIterable {
    /// The worker saw a service go away (`Redis health check failed`, `RabbitMQ connection lost…`).
    case disconnect
    /// `reconnect.attempt`.
    case attempt
    /// `<Service> reconnection successful`.
    case reconnected
    /// `<Service> reconnection failed`: retries exhausted.
    case gaveUp
    /// The process ended (asked for or not).
    case exit
    /// A new process of the instance started.
    case started
    /// A connection attempt the proxy saw (accepted, or reset during a cut), from the wire.
    case wireAttempt
    /// The first successful exchange on a link, from the wire.
    case wireExchange
  }

  /// One event on a worker lane.
  public struct WorkerMark: Sendable, Equatable {
    public var time: Double
    public var mark: Mark
    /// `redis`, `rabbitmq`, `worker` (its own loop), or nil.
    public var service: String?
    /// The line as logged, for the tooltip.
    public var text: String
  }

  /// A stretch during which a worker was cut off from a service: from its first sign of trouble to
  /// its reconnection (nil end: never reconnected within the run).
  public struct Disconnection: Sendable, Equatable {
    public var service: String
    public var start: Double
    public var end: Double?
  }

  /// One worker instance's lane.
  public struct WorkerLane: Sendable, Equatable {
    public var instance: String
    public var marks: [WorkerMark]
    public var disconnections: [Disconnection]
  }

  public var services: [ServiceLane]
  public var workers: [WorkerLane]
  /// Steps that acted on workers (`kill worker`), shown on the worker's lane.
  public var workerSteps: [String: [FaultWindow]]

  static let disconnectMessages: [String: String] = [
    LogEvent.redisHealthCheckFailed: "redis",
    LogEvent.redisReconnecting: "redis",
    LogEvent.rabbitmqConnectionLost: "rabbitmq",
    LogEvent.rabbitmqHealthCheckFailed: "rabbitmq",
  ]
  static let reconnectedMessages: [String: String] = [
    LogEvent.redisReconnected: "redis",
    LogEvent.rabbitmqReconnected: "rabbitmq",
  ]
  static let gaveUpMessages: [String: String] = [
    LogEvent.redisReconnectionFailed: "redis",
    LogEvent.rabbitmqReconnectionFailed: "rabbitmq",
  ]

  public init(_ journal: RunJournal) {
    let kinds = journal.scenario.services
    var serviceLanes = kinds.keys.sorted().map { ServiceLane(name: $0, kind: kinds[$0] ?? "", windows: []) }
    var workerSteps: [String: [FaultWindow]] = [:]
    for record in journal.timeline {
      guard let start = record.startedAt else { continue }
      let window = FaultWindow(
        step: record.index, description: record.description, start: start, end: record.endedAt,
        error: record.error)
      if record.targetKind == "worker" {
        workerSteps[record.target, default: []].append(window)
      } else if let service = record.service ?? journal.scenario.proxies[record.target] {
        if let index = serviceLanes.firstIndex(where: { $0.name == service }) {
          serviceLanes[index].windows.append(window)
        } else {
          serviceLanes.append(ServiceLane(name: service, kind: "", windows: [window]))
        }
      }
    }
    services = serviceLanes
    self.workerSteps = workerSteps

    var names = Set(journal.instances)
    let commandWorkers = Set(journal.scenario.commandWorkers ?? [])
    for (worker, count) in journal.scenario.workers where count > 0 {
      for index in 1...count {
        names.insert(
          WorkerNaming.instance(worker: worker, builtIn: !commandWorkers.contains(worker), index: index))
      }
    }
    names.formUnion(journal.exits.map(\.instance))
    let order = ["scanner", "downloader", "translator", "consumer"]
    let sorted = names.sorted { lhs, rhs in
      let left = lhs.split(separator: "#").map(String.init)
      let right = rhs.split(separator: "#").map(String.init)
      let leftRole = order.firstIndex(of: left.first ?? "") ?? order.count
      let rightRole = order.firstIndex(of: right.first ?? "") ?? order.count
      if leftRole != rightRole { return leftRole < rightRole }
      if left.first != right.first { return lhs < rhs }
      return (Int(left.last ?? "") ?? 0) < (Int(right.last ?? "") ?? 0)
    }
    var byInstance: [String: [WorkerEvent]] = [:]
    for event in journal.events { byInstance[event.instance, default: []].append(event) }
    var wire: [String: [WorkerMark]] = [:]
    for record in journal.links ?? [] {
      guard let instance = record.instance else { continue }
      let what = "\(record.proxy)#\(record.link) \(record.kind)" + (record.detail.map { " (\($0))" } ?? "")
      if record.isAttempt {
        wire[instance, default: []].append(
          WorkerMark(time: record.time, mark: .wireAttempt, service: record.service, text: "wire: " + what))
      } else if record.kind == "exchange" {
        wire[instance, default: []].append(
          WorkerMark(time: record.time, mark: .wireExchange, service: record.service, text: "wire: " + what))
      }
    }
    workers = sorted.map { name in
      var lane = ReportLanes.lane(
        name, events: byInstance[name] ?? [], exits: journal.exits.filter { $0.instance == name })
      lane.marks += wire[name] ?? []
      return lane
    }
  }

  static func lane(_ instance: String, events: [WorkerEvent], exits: [WorkerExit]) -> WorkerLane {
    var marks: [WorkerMark] = []
    var open: [String: Double] = [:]
    var disconnections: [Disconnection] = []
    var lastGeneration = 0
    for event in events {
      if event.generation != lastGeneration {
        if lastGeneration != 0 {
          // A new process: whatever the old one was cut off from ends with it.
          for (service, start) in open.sorted(by: { $0.key < $1.key }) {
            disconnections.append(Disconnection(service: service, start: start, end: event.time))
          }
          open = [:]
          marks.append(
            WorkerMark(time: event.time, mark: .started, service: nil, text: "process \(event.generation)"))
        }
        lastGeneration = event.generation
      }
      guard let message = event.message else { continue }
      if let service = disconnectMessages[message] {
        marks.append(WorkerMark(time: event.time, mark: .disconnect, service: service, text: event.text))
        if open[service] == nil { open[service] = event.time }
      } else if message == LogEvent.reconnectAttempt {
        let service = event["service"]?.stringValue ?? event["component"]?.stringValue
        marks.append(WorkerMark(time: event.time, mark: .attempt, service: service, text: event.text))
        if let service, service != "worker", open[service] == nil { open[service] = event.time }
      } else if let service = reconnectedMessages[message] {
        marks.append(WorkerMark(time: event.time, mark: .reconnected, service: service, text: event.text))
        if let start = open.removeValue(forKey: service) {
          disconnections.append(Disconnection(service: service, start: start, end: event.time))
        }
      } else if let service = gaveUpMessages[message] {
        marks.append(WorkerMark(time: event.time, mark: .gaveUp, service: service, text: event.text))
      }
    }
    for exit in exits {
      let asked = exit.requestedSignal.map { "asked with \($0)" } ?? "not asked for"
      marks.append(
        WorkerMark(
          time: exit.time, mark: .exit, service: nil,
          text: "process \(exit.generation) (pid \(exit.pid)) exited with status \(exit.status), \(asked)"))
    }
    // Still cut off at the end of the log: until the process exited, if it did.
    let lastExit = exits.filter { $0.generation == lastGeneration }.map(\.time).min()
    for (service, start) in open.sorted(by: { $0.key < $1.key }) {
      disconnections.append(
        Disconnection(service: service, start: start, end: lastExit.map { max($0, start) }))
    }
    marks.sort { $0.time < $1.time }
    disconnections.sort { $0.start < $1.start }
    return WorkerLane(instance: instance, marks: marks, disconnections: disconnections)
  }
}
