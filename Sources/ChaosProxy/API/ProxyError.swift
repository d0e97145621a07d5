/// Why an API call was refused; ``httpStatus`` is what the HTTP API answers.
public enum ProxyError: Error, CustomStringConvertible, Equatable, Sendable {
  case proxyNotFound(String)
  case proxyAlreadyExists(String)
  case toxicNotFound(String)
  case toxicAlreadyExists(String)
  /// A missing or malformed field, a bad attribute, an unknown type or stream.
  case invalid(String)
  /// The listen address is taken by another socket.
  case addressInUse(String)
  /// Binding or resolving failed for another reason.
  case system(String)
  case shutDown

  public var httpStatus: Int {
    switch self {
    case .proxyNotFound, .toxicNotFound: return 404
    case .proxyAlreadyExists, .toxicAlreadyExists, .addressInUse: return 409
    case .invalid: return 400
    case .system, .shutDown: return 500
    }
  }

  public var description: String {
    switch self {
    case .proxyNotFound(let name): return "proxy not found: \(name)"
    case .proxyAlreadyExists(let name): return "proxy already exists: \(name)"
    case .toxicNotFound(let name): return "toxic not found: \(name)"
    case .toxicAlreadyExists(let name): return "toxic already exists: \(name)"
    case .invalid(let reason): return reason
    case .addressInUse(let address): return "listen address already in use: \(address)"
    case .system(let reason): return reason
    case .shutDown: return "the proxy engine is shut down"
    }
  }
}
