import Foundation
import LogVocabulary
import Metrics
import Resilience
import WorkerMetrics

/// downloader, translator and consumer: consume the role's queue inside the reconnection loop,
/// run the stage, publish the follow-up (confirmed), and only then ack. A failure nacks with
/// requeue; a corrupt or unreadable message is rejected without requeue.
public final class ConsumingWorker: @unchecked Sendable {
  let runtime: WorkerRuntime
  let stage: any PipelineStage
  let events: WorkerEventLog
  /// Deliveries in hand (received, not yet settled); a no-op unless the worker serves metrics.
  let inFlight = Meter(label: WorkerMetricName.jobsInFlight)

  public init(runtime: WorkerRuntime, stage: any PipelineStage) {
    self.runtime = runtime
    self.stage = stage
    self.events = WorkerEventLog(logger: runtime.logger)
  }

  public func run() throws {
    try runtime.runLoop {
      while !runtime.stop.isSet {
        try runtime.healthCheckIfDue()
        guard let delivery = try runtime.amqp.nextDelivery(timeout: 0.5) else { continue }
        try handle(delivery)
      }
    }
  }

  func handle(_ delivery: AMQPDelivery) throws {
    inFlight.increment()
    defer { inFlight.decrement() }
    let broken = runtime.settings.broken
    guard let message = try? JobMessage.decode(Array(delivery.body)) else {
      try runtime.amqp.nack(delivery, requeue: false)
      events.settled(
        LogEvent.messageNacked, delivery, job: "",
        extra: ["requeue": .stringConvertible(false), "error": "unreadable body"])
      return
    }
    let job = message.job
    if delivery.redelivered {
      // The broker gives it again: an earlier holder died or lost its connection before settling it.
      events.settled(LogEvent.messageRedelivered, delivery, job: job)
    }
    var acked = false
    if broken.contains(.ackBeforeStore) {
      try ack(delivery, job: job)
      acked = true
    }
    do {
      if runtime.settings.workDelay > 0 { runtime.stop.sleep(runtime.settings.workDelay) }
      if let next = try stage.process(job: job, store: runtime.store, logger: events) {
        do {
          try runtime.publish(next.routingKey, job: job, phase: next.phase)
        } catch  where broken.contains(.ignorePublishFailures) {
          events.event(LogEvent.messagePublishIgnored, ["job": .string(job), "error": "\(error)"])
        }
      }
    } catch let error as CorruptJobError {
      if !acked {
        try runtime.amqp.nack(delivery, requeue: false)
        events.settled(
          LogEvent.messageNacked, delivery, job: job,
          extra: ["requeue": .stringConvertible(false), "error": "\(error)"])
      }
      return
    } catch {
      if !acked {
        // Back to the queue; if the connection is gone the broker requeues it anyway.
        if (try? runtime.amqp.nack(delivery, requeue: true)) != nil {
          events.settled(
            LogEvent.messageNacked, delivery, job: job,
            extra: ["requeue": .stringConvertible(true), "error": "\(error)"])
        }
      }
      if error is AMQPError { throw error }
      if let redisError = error as? RedisError, !redisError.isConnectionFailure { return }
      throw error
    }
    if !acked && !broken.contains(.noAck) {
      try ack(delivery, job: job)
    }
  }

  private func ack(_ delivery: AMQPDelivery, job: String) throws {
    try runtime.amqp.ack(delivery)
    if runtime.settings.broken.contains(.ackTwice) { try runtime.amqp.ack(delivery) }
    events.settled(LogEvent.messageAcked, delivery, job: job)
  }
}
