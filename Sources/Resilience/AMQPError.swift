/// What can go wrong talking to RabbitMQ. Every failure of ``AMQPClient`` is one of these.
public enum AMQPError: Error, Equatable, CustomStringConvertible {
  /// Opening the socket, logging in or opening the channel failed.
  case connectFailed(String)
  /// The connection died: socket error, missed heartbeats, or the broker closed it.
  case connectionLost(String)
  /// The broker closed the channel (e.g. a declaration that does not match the existing one).
  case channelClosed(code: Int, text: String)
  /// The broker refused a publish (`basic.nack`).
  case publishNacked(exchange: String, routingKey: String)
  /// No confirm arrived in time; the message may or may not have been stored.
  case confirmTimeout(seconds: Double)
  /// A passive declare named a queue that does not exist.
  case queueNotFound(String)
  /// The delivery came from an earlier connection: its tag means nothing on the current one.
  /// The broker redelivers the message by itself.
  case staleDelivery(deliveryTag: UInt64, generation: Int, currentGeneration: Int)
  /// Every reconnection attempt failed.
  case reconnectFailed(attempts: Int, lastError: String)
  /// ``AMQPClient/close()`` was called.
  /// `RABBITMQ_CIRCUIT_*`: the circuit breaker is open, no attempt was made (the text says for how long).
  case circuitOpen(String)
  case closed
  /// A caller error (e.g. a negative timeout).
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .connectFailed(let text): return "connect failed: \(text)"
    case .connectionLost(let text): return "connection lost: \(text)"
    case .channelClosed(let code, let text): return "channel closed by the broker: \(code) \(text)"
    case .publishNacked(let exchange, let routingKey):
      return "publish to exchange '\(exchange)' with key '\(routingKey)' refused by the broker (basic.nack)"
    case .confirmTimeout(let seconds): return "no publisher confirm within \(seconds) s"
    case .queueNotFound(let name): return "queue '\(name)' does not exist"
    case .staleDelivery(let tag, let generation, let current):
      return
        "delivery \(tag) belongs to connection generation \(generation), the current one is \(current): not acknowledged (the broker redelivers it)"
    case .reconnectFailed(let attempts, let lastError):
      return "reconnection failed after \(attempts) attempts: \(lastError)"
    case .circuitOpen(let reason): return reason
    case .closed: return "the client is closed"
    case .invalidArgument(let text): return "invalid argument: \(text)"
    }
  }

  /// Whether the connection can no longer be used after this error (so the client reconnects).
  var breaksConnection: Bool {
    switch self {
    case .connectFailed, .connectionLost, .channelClosed, .confirmTimeout: return true
    case .publishNacked, .queueNotFound, .staleDelivery, .reconnectFailed, .circuitOpen, .closed,
      .invalidArgument:
      return false
    }
  }
}
