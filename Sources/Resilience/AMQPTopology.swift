/// The exchanges, queues, bindings, prefetch and consumers a client needs.
///
/// ``AMQPClient`` declares all of it on every (re)connection, in that order — topology recovery,
/// as RabbitMQ's Java client does — so a restarted broker or a fresh connection gets consumers
/// back without the caller doing anything. Exchanges and queues are durable unless said otherwise.
public struct AMQPTopology: Sendable, Equatable {
  /// An exchange to declare.
  public struct Exchange: Sendable, Equatable {
    public var name: String
    /// `topic`, `direct`, `fanout` or `headers`.
    public var type: String
    public var durable: Bool

    public init(name: String, type: String = "topic", durable: Bool = true) {
      self.name = name
      self.type = type
      self.durable = durable
    }
  }

  /// A queue to declare.
  public struct Queue: Sendable, Equatable {
    public var name: String
    public var durable: Bool

    public init(name: String, durable: Bool = true) {
      self.name = name
      self.durable = durable
    }
  }

  /// A binding of a queue to an exchange.
  public struct Binding: Sendable, Equatable {
    public var queue: String
    public var exchange: String
    public var routingKey: String

    public init(queue: String, exchange: String, routingKey: String) {
      self.queue = queue
      self.exchange = exchange
      self.routingKey = routingKey
    }
  }

  public var exchanges: [Exchange]
  public var queues: [Queue]
  public var bindings: [Binding]
  /// `basic.qos` prefetch count for the consuming channel (0 = unbounded).
  public var prefetch: UInt16
  /// Queues to consume from, with manual acknowledgements.
  public var consumeQueues: [String]

  public init(
    exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = [], prefetch: UInt16 = 10,
    consumeQueues: [String] = []
  ) {
    self.exchanges = exchanges
    self.queues = queues
    self.bindings = bindings
    self.prefetch = prefetch
    self.consumeQueues = consumeQueues
  }

  /// The name of every queue and exchange, checked for what AMQP accepts (1…255 bytes of UTF-8
  /// for exchanges and queues; empty exchange names are the default exchange and not declared).
  func validate() throws {
    for exchange in exchanges where exchange.name.isEmpty || exchange.name.utf8.count > 255 {
      throw AMQPError.invalidArgument("exchange name '\(exchange.name)' must be 1…255 bytes")
    }
    for queue in queues where queue.name.isEmpty || queue.name.utf8.count > 255 {
      throw AMQPError.invalidArgument("queue name '\(queue.name)' must be 1…255 bytes")
    }
    for name in consumeQueues where name.isEmpty || name.utf8.count > 255 {
      throw AMQPError.invalidArgument("consumed queue name '\(name)' must be 1…255 bytes")
    }
    let types = ["topic", "direct", "fanout", "headers"]
    for exchange in exchanges where !types.contains(exchange.type) {
      throw AMQPError.invalidArgument("exchange '\(exchange.name)' has unknown type '\(exchange.type)'")
    }
  }
}
