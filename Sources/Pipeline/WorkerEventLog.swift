import Logging
import Resilience

/// The worker's ledger events (docs/log-events.md): one JSON line each.
public struct WorkerEventLog: Sendable {
  public let logger: Logger

  public init(logger: Logger) {
    var logger = logger
    logger[metadataKey: "component"] = "worker"
    self.logger = logger
  }

  public func event(_ name: String, _ fields: [String: Logger.MetadataValue] = [:]) {
    logger.info("\(name)", metadata: fields)
  }

  public func settled(_ name: String, _ delivery: AMQPDelivery, job: String, extra: Logger.Metadata = [:]) {
    var fields: Logger.Metadata = [
      "queue": .string(delivery.queue), "job": .string(job),
      "delivery_tag": .stringConvertible(Int(delivery.deliveryTag)),
      "redelivered": .stringConvertible(delivery.redelivered),
      "generation": .stringConvertible(delivery.generation),
    ]
    fields.merge(extra) { _, new in new }
    logger.info("\(name)", metadata: fields)
  }
}
