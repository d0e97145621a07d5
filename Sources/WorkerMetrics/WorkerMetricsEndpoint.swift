import Foundation
import Logging
import Metrics
import Prometheus

/// What a worker serves when `METRICS_PORT` is set: `GET /metrics` (Prometheus text, from
/// swift-metrics through swift-prometheus) and `GET /healthz` (200 `ok` when Redis and RabbitMQ
/// are both up, 503 with the reasons otherwise), on 127.0.0.1.
public final class WorkerMetricsEndpoint: Sendable {
  public let recorder: WorkerMetricsRecorder
  public let registry: PrometheusCollectorRegistry
  public let server: MetricsHTTPServer

  /// Time-to-reconnect buckets, in seconds: outages in these runs last from a blip to minutes.
  static let reconnectBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300].map {
    .milliseconds(Int64($0 * 1000))
  }

  /// Bootstraps swift-metrics with a Prometheus registry (once per process), then listens.
  public init(port: UInt16, host: String = "127.0.0.1") throws {
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.durationHistogramBuckets[WorkerMetricName.reconnectDuration] = Self.reconnectBuckets
    MetricsSystem.bootstrap(factory)
    let recorder = WorkerMetricsRecorder()
    self.registry = registry
    self.recorder = recorder
    server = try MetricsHTTPServer(host: host, port: port) { path in
      switch path {
      case "/metrics":
        return .init(
          status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: registry.emitToBuffer())
      case "/healthz":
        let reasons = recorder.unhealthyReasons()
        if reasons.isEmpty { return .init(status: 200, contentType: "text/plain", body: Array("ok\n".utf8)) }
        return .init(
          status: 503, contentType: "text/plain", body: Array((reasons.joined(separator: "\n") + "\n").utf8))
      default:
        return .init(
          status: 404, contentType: "text/plain", body: Array("not found: /metrics, /healthz\n".utf8))
      }
    }
  }

  /// Wraps a log handler so that every line also feeds the recorder.
  public func handler(wrapping inner: any LogHandler) -> any LogHandler {
    MetricsLogHandler(wrapping: inner, recorder: recorder)
  }
}
