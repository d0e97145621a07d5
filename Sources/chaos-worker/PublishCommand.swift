import ArgumentParser
import Foundation
import Logging
import Resilience

/// `chaos-worker publish --messages N --routing-key K [--exchange E] [--rate R]`: the scenario's
/// built-in AMQP publisher (`workload: { publish: … }`). Message i has the body `{"id": "i"}`
/// (1 … N), is published with confirms through the resilient client (it reconnects with backoff
/// when the broker or the link goes away) and is logged as `message.published`. With the default
/// exchange (`""`) the routing key is a queue, declared durable first.
struct PublishCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish", abstract: "Publish N AMQP messages with ids 1…N in the body (RABBITMQ_URL).")

  @Option(help: "How many messages.")
  var messages: Int

  @Option(help: "The exchange (empty: the default exchange, routing key = queue).")
  var exchange = ""

  @Option(help: "The routing key (with the default exchange: the queue).")
  var routingKey: String

  @Option(help: "Messages per second (0: as fast as confirms come back).")
  var rate: Double = 0

  func run() throws {
    guard messages >= 0, rate >= 0 else {
      throw ValidationError("--messages and --rate must be zero or more")
    }
    let settings = try StartUpInput.read("chaos-worker publish") { try ResilienceSettings() }
    WorkerLogging.bootstrap(worker: "publish")
    let logger = Logger(label: "publish")
    let queues = exchange.isEmpty ? [AMQPTopology.Queue(name: routingKey)] : []
    let client = AMQPClient(
      settings: settings, topology: AMQPTopology(exchanges: [], queues: queues, bindings: []), logger: logger)
    defer { client.close() }
    try client.connect()
    let start = Date()
    var failed = 0
    for id in stride(from: 1, through: messages, by: 1) {
      if rate > 0 {
        let due = start.addingTimeInterval(Double(id - 1) / rate)
        let wait = due.timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
      }
      do {
        try client.publish(exchange: exchange, routingKey: routingKey, body: Data("{\"id\": \"\(id)\"}".utf8))
        logger.info("message.published", metadata: ["id": .string(String(id))])
      } catch {
        failed += 1
        logger.error(
          "message.publish.gave_up", metadata: ["id": .string(String(id)), "error": .string("\(error)")])
      }
    }
    logger.info(
      "publish.finished",
      metadata: ["published": .stringConvertible(messages - failed), "failed": .stringConvertible(failed)])
    if failed > 0 { throw ExitCode(1) }
  }
}
