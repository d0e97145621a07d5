import Foundation
import LogVocabulary
import Logging
import Metrics

/// The log vocabulary (swift-log has a `LogEvent` of its own).
typealias Vocabulary = LogVocabulary.LogEvent

/// Turns a worker's log lines into its metrics: the clients and stages already log every
/// reconnection step, health check, publish failure and job (docs/log-events.md), so the counters
/// are hooked at that one place instead of inside each client's loop. Also keeps what `/healthz`
/// answers: whether each service is up, and why not.
public final class WorkerMetricsRecorder: @unchecked Sendable {
  private let lock = NSLock()
  /// When each service's current outage was first seen (for the time-to-reconnect histogram).
  private var outageStart: [String: Date] = [:]
  /// Why a service is not up; absent when it is.
  private var downReasons: [String: String]
  private let attempts: [String: Counter]
  private let successes: [String: Counter]
  private let failures: [String: Counter]
  private let durations: [String: Metrics.Timer]
  private let status: [String: Meter]
  private let checkFailures: [String: Counter]
  private var processed: [String: Counter] = [:]
  private let circuitStates: [String: Meter]
  private let circuitTransitions: [String: Counter]
  private let publishRetries = Counter(label: WorkerMetricName.publishRetries)
  private let publishFailures = Counter(label: WorkerMetricName.publishFailures)

  /// The job events and the stage each stands for.
  static let stages = [
    Vocabulary.jobCreated: "scan", Vocabulary.jobDownloaded: "download",
    Vocabulary.jobTranslated: "translate",
    Vocabulary.jobDone: "complete",
  ]

  /// `circuit_state` values by the state's name in the log event.
  static let circuitValues = ["closed": 0, "opened": 1, "half_open": 2]

  /// Every series starts at zero (services not connected yet), so a scrape lists them all.
  public init() {
    func perService<T>(_ make: (String) -> T) -> [String: T] {
      Dictionary(uniqueKeysWithValues: WorkerMetricName.services.map { ($0, make($0)) })
    }
    attempts = perService {
      Counter(label: WorkerMetricName.reconnectAttempts, dimensions: [("service", $0)])
    }
    successes = perService {
      Counter(label: WorkerMetricName.reconnectSuccesses, dimensions: [("service", $0)])
    }
    failures = perService {
      Counter(label: WorkerMetricName.reconnectFailures, dimensions: [("service", $0)])
    }
    durations = perService {
      Metrics.Timer(label: WorkerMetricName.reconnectDuration, dimensions: [("service", $0)])
    }
    status = perService { Meter(label: WorkerMetricName.healthCheckStatus, dimensions: [("service", $0)]) }
    checkFailures = perService {
      Counter(label: WorkerMetricName.healthCheckFailures, dimensions: [("service", $0)])
    }
    circuitStates = perService { Meter(label: WorkerMetricName.circuitState, dimensions: [("service", $0)]) }
    for meter in circuitStates.values { meter.set(0) }
    var transitions: [String: Counter] = [:]
    for service in WorkerMetricName.services {
      for state in Self.circuitValues.keys {
        let counter = Counter(
          label: WorkerMetricName.circuitTransitions, dimensions: [("service", service), ("state", state)])
        counter.increment(by: 0)
        transitions[service + "/" + state] = counter
      }
    }
    circuitTransitions = transitions
    downReasons = perService { _ in "not connected yet" }
    for meter in status.values { meter.set(0) }
    for counter in [attempts, successes, failures, checkFailures].flatMap(\.values) {
      counter.increment(by: 0)
    }
    for stage in Self.stages.values {
      processed[stage] = Counter(label: WorkerMetricName.jobsProcessed, dimensions: [("stage", stage)])
    }
    publishRetries.increment(by: 0)
    publishFailures.increment(by: 0)
  }

  /// One log line: its message and its fields (`service`, `retrying`, `error`).
  public func observe(message: String, metadata: Logger.Metadata) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    switch message {
    case Vocabulary.reconnectAttempt:
      if let service = Self.text(metadata["service"]) { attempts[service]?.increment() }
    case Vocabulary.redisReconnecting:
      down("redis", reason: "reconnecting", at: now)
    case Vocabulary.rabbitmqConnectionLost:
      down("rabbitmq", reason: "connection lost: \(Self.text(metadata["error"]) ?? "unknown")", at: now)
    case Vocabulary.rabbitmqConnectFailed:
      down("rabbitmq", reason: "connect failed: \(Self.text(metadata["error"]) ?? "unknown")", at: now)
    case Vocabulary.redisHealthCheckFailed, Vocabulary.rabbitmqHealthCheckFailed:
      let service = message.hasPrefix("Redis") ? "redis" : "rabbitmq"
      checkFailures[service]?.increment()
      down(service, reason: "health check failed: \(Self.text(metadata["error"]) ?? "unknown")", at: now)
    case Vocabulary.redisConnected, Vocabulary.rabbitmqConnected:
      up(message.hasPrefix("redis") ? "redis" : "rabbitmq")
    case Vocabulary.redisReconnected, Vocabulary.rabbitmqReconnected:
      let service = message.hasPrefix("Redis") ? "redis" : "rabbitmq"
      successes[service]?.increment()
      if let start = outageStart.removeValue(forKey: service) {
        durations[service]?.recordNanoseconds(Int64(now.timeIntervalSince(start) * 1e9))
      }
      up(service)
    case Vocabulary.redisReconnectionFailed, Vocabulary.rabbitmqReconnectionFailed:
      let service = message.hasPrefix("Redis") ? "redis" : "rabbitmq"
      failures[service]?.increment()
      downReasons[service] = "reconnection failed after \(Self.text(metadata["attempts"]) ?? "?") attempts"
    case Vocabulary.messagePublishFailed:
      publishFailures.increment()
      if Self.text(metadata["retrying"]) == "true" { publishRetries.increment() }
    case Vocabulary.circuitOpened, Vocabulary.circuitHalfOpen, Vocabulary.circuitClosed:
      guard let service = Self.text(metadata["service"]) else { return }
      let state = String(message.dropFirst("circuit.".count))
      circuitStates[service]?.set(Self.circuitValues[state] ?? 0)
      circuitTransitions[service + "/" + state]?.increment()
    default:
      if let stage = Self.stages[message] { processed[stage]?.increment() }
    }
  }

  /// What `/healthz` answers: nil when every service is up, else why not (one line per service).
  public func unhealthyReasons() -> [String] {
    lock.lock()
    defer { lock.unlock() }
    return downReasons.keys.sorted().map { "\($0): \(downReasons[$0]!)" }
  }

  private func down(_ service: String, reason: String, at now: Date) {
    if outageStart[service] == nil { outageStart[service] = now }
    downReasons[service] = reason
    status[service]?.set(0)
  }

  private func up(_ service: String) {
    downReasons[service] = nil
    status[service]?.set(1)
  }

  private static func text(_ value: Logger.MetadataValue?) -> String? {
    guard let value else { return nil }
    switch value {
    case .string(let text): return text
    case .stringConvertible(let convertible): return convertible.description
    default: return "\(value)"
    }
  }
}
