/// Something a decoder recognised in the stream.
enum TapEvent: Equatable, Sendable {
  /// A Redis command, its name upper-cased (`SET`, `HGETALL`).
  case command(String)
  /// A Redis reply; `error` for `-ERR ...`.
  case reply(error: Bool)
  /// A RESP3 push (`>`: a pub/sub message, a client-side caching invalidation): answers no request.
  case push
  /// An AMQP method frame on a channel; `fields` holds what the ledger needs.
  case method(channel: UInt16, name: String, fields: AMQPMethodFields)
  /// An AMQP content header or body frame, or a heartbeat.
  case content(channel: UInt16)
  case heartbeat
  /// The stream is not the expected protocol: the tap stops for this direction of the link.
  case garbage(String)
}

/// The arguments of the AMQP methods the ledger follows.
struct AMQPMethodFields: Equatable, Sendable {
  var deliveryTag: UInt64 = 0
  var multiple = false
  var redelivered = false
  var requeue = false
  /// `basic.consume`, `basic.consume-ok`, `basic.deliver`: the consumer's tag.
  var consumerTag = ""
  /// `basic.consume`, `basic.get`: the broker settles the delivery itself (no ack will follow).
  var noAck = false
  /// `basic.consume`: no `consume-ok` will answer it.
  var noWait = false
}
