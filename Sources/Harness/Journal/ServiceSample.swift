/// The service's own view of its clients at one moment (the third witness): Redis `INFO clients`
/// and `CLIENT LIST`, RabbitMQ's connection and consumer counts.
public struct ServiceSample: Sendable, Equatable, Codable {
  /// Seconds since the workload started.
  public var time: Double
  public var service: String
  /// Connected clients (Redis `connected_clients`, RabbitMQ connections); nil when the service did not answer.
  public var clients: Int?
  /// RabbitMQ: consumers on the node.
  public var consumers: Int?
  /// The clients' addresses (`CLIENT LIST addr=`, RabbitMQ peer host:port).
  public var addresses: [String]?

  public init(time: Double, service: String, clients: Int?, consumers: Int? = nil, addresses: [String]? = nil)
  {
    self.time = time
    self.service = service
    self.clients = clients
    self.consumers = consumers
    self.addresses = addresses
  }
}
