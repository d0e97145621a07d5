/// Why an API call was refused; ``httpStatus`` is what the HTTP API answers.
///
/// Texts are Toxiproxy's, word for word (`proxy not found`, `toxic already exists`,
/// `listen tcp 127.0.0.1:3310: bind: address already in use`): its clients and their users'
/// tests compare them.
public enum ProxyError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A proxy or toxic that does not exist (404).
  case notFound(String)
  /// A proxy or toxic name already taken (409).
  case alreadyExists(String)
  /// A missing or malformed field, a bad attribute, an unknown type or stream (400).
  case invalid(String)
  /// The listen address (`host:port`, resolved) is taken by another socket (500, as in Toxiproxy).
  case addressInUse(String)
  /// Binding or resolving failed for another reason (500).
  case system(String)
  /// The engine was shut down (500).
  case shutDown

  static let proxyNotFound = ProxyError.notFound("proxy not found")
  static let toxicNotFound = ProxyError.notFound("toxic not found")
  static let proxyAlreadyExists = ProxyError.alreadyExists("proxy already exists")
  static let toxicAlreadyExists = ProxyError.alreadyExists("toxic already exists")

  public var httpStatus: Int {
    switch self {
    case .notFound: return 404
    case .alreadyExists: return 409
    case .invalid: return 400
    case .addressInUse, .system, .shutDown: return 500
    }
  }

  public var description: String {
    switch self {
    case .notFound(let text), .alreadyExists(let text), .invalid(let text), .system(let text): return text
    case .addressInUse(let address): return "listen tcp \(address): bind: address already in use"
    case .shutDown: return "the proxy engine is shut down"
    }
  }
}
