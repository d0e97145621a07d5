/// Why an API call was refused; ``httpStatus`` is what the HTTP API answers.
public enum ProxyError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A proxy or toxic that does not exist (404); the text says which.
  case notFound(String)
  /// A proxy or toxic name already taken (409).
  case alreadyExists(String)
  /// A missing or malformed field, a bad attribute, an unknown type or stream (400).
  case invalid(String)
  /// The listen address is taken by another socket (409).
  case addressInUse(String)
  /// Binding or resolving failed for another reason (500).
  case system(String)
  /// The engine was shut down (500).
  case shutDown

  static func proxyNotFound(_ name: String) -> ProxyError { .notFound("proxy not found: \(name)") }
  static func toxicNotFound(_ name: String) -> ProxyError { .notFound("toxic not found: \(name)") }
  static func proxyAlreadyExists(_ name: String) -> ProxyError {
    .alreadyExists("proxy already exists: \(name)")
  }
  static func toxicAlreadyExists(_ name: String) -> ProxyError {
    .alreadyExists("toxic already exists: \(name)")
  }

  public var httpStatus: Int {
    switch self {
    case .notFound: return 404
    case .alreadyExists, .addressInUse: return 409
    case .invalid: return 400
    case .system, .shutDown: return 500
    }
  }

  public var description: String {
    switch self {
    case .notFound(let text), .alreadyExists(let text), .invalid(let text), .system(let text): return text
    case .addressInUse(let address): return "listen address already in use: \(address)"
    case .shutDown: return "the proxy engine is shut down"
    }
  }
}
