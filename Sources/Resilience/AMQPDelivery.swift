import Foundation

/// A message handed to a consumer, to be acknowledged with ``AMQPClient/ack(_:)`` or
/// ``AMQPClient/nack(_:requeue:)``.
///
/// `generation` names the connection it arrived on: its `deliveryTag` only means something on
/// that connection, so the client refuses to ack it on a later one (the broker redelivers it).
public struct AMQPDelivery: Sendable, Equatable {
  public var body: Data
  public var exchange: String
  public var routingKey: String
  /// The queue it was consumed from.
  public var queue: String
  public var deliveryTag: UInt64
  /// True when the broker delivered it before (to this or another consumer) without an ack.
  public var redelivered: Bool
  /// The connection generation it arrived on (1 for the first connection, +1 per reconnection).
  public var generation: Int

  public init(
    body: Data, exchange: String, routingKey: String, queue: String, deliveryTag: UInt64, redelivered: Bool,
    generation: Int
  ) {
    self.body = body
    self.exchange = exchange
    self.routingKey = routingKey
    self.queue = queue
    self.deliveryTag = deliveryTag
    self.redelivered = redelivered
    self.generation = generation
  }
}
