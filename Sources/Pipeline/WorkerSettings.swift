import LogVocabulary
import Resilience

/// A worker's own settings, on top of ``ResilienceSettings``.
///
/// | variable | default | |
/// |---|---|---|
/// | `CHAOS_KEY_PREFIX` | `chaos:` | Redis key prefix, so two runs can share a server |
/// | `WORK_DELAY_MS` | 0 | time spent "working" on each job, to keep messages in flight |
/// | `PREFETCH` | 10 | unacknowledged deliveries a consumer may hold |
/// | `CHAOS_BROKEN` | — | test-only faults, comma-separated (see ``BrokenBehaviour``) |
/// | `METRICS_PORT` | — (off) | serve `/metrics` and `/healthz` on 127.0.0.1 at this port |
public struct WorkerSettings: Sendable {
  public var resilience: ResilienceSettings
  public var keys: KeySpace
  public var workDelay: Double
  public var prefetch: UInt16
  public var broken: Set<BrokenBehaviour>
  /// Where to serve `/metrics` and `/healthz`; nil (the default) serves nothing.
  public var metricsPort: UInt16?

  public init(environment: Environment = Environment()) throws {
    resilience = try ResilienceSettings(environment: environment)
    keys = KeySpace(prefix: environment.string("CHAOS_KEY_PREFIX", default: "chaos:"))
    // At most 30 min: RabbitMQ's default consumer_timeout closes the channel of a consumer that
    // holds a delivery longer than that.
    workDelay =
      Double(try environment.count("WORK_DELAY_MS", default: 0, within: 0...1_800_000, unit: "milliseconds"))
      / 1000
    // basic.qos carries the prefetch count in a 16-bit field; 0 would mean "no limit".
    prefetch = UInt16(try environment.count("PREFETCH", default: 10, within: 1...65_535))
    broken = try BrokenBehaviour.parse(environment.string("CHAOS_BROKEN", default: ""))
    let port = try environment.count("METRICS_PORT", default: 0, within: 1...65_535)
    metricsPort = port == 0 ? nil : UInt16(port)
    if broken.contains(.fixedReconnectDelay) {
      for keyPath in [\ResilienceSettings.redis, \ResilienceSettings.rabbitmq] {
        resilience[keyPath: keyPath].reconnectInitialDelay = 1
        resilience[keyPath: keyPath].reconnectMaxDelay = 1
      }
    }
  }

  public static let helpText = """
    CHAOS_KEY_PREFIX                   chaos:  Redis key prefix
    WORK_DELAY_MS                      0       milliseconds of work per job
    PREFETCH                           10      unacknowledged deliveries held at once
    METRICS_PORT                       (off)   serve /metrics and /healthz on 127.0.0.1:PORT
    CHAOS_BROKEN                       (none)  test-only faults: \(BrokenBehaviour.allCases.map(\.rawValue).joined(separator: ", "))
    """
}
