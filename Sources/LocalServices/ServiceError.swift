#if canImport(Glibc)
  import Glibc
#endif

/// Why a local service could not be started or stopped.
public enum ServiceError: Error, CustomStringConvertible, Equatable {
  case system(String, Int32)
  case executableNotFound(String)
  /// A program named by path (a scenario's `command:`), after a relative path was taken from its `cwd`.
  case programNotFound(String)
  case notReady(service: String, seconds: Double, log: String)
  case exited(service: String, status: Int32, log: String)
  /// An environment setting chaos cannot use, with why.
  case invalidSetting(String)

  public var description: String {
    switch self {
    case .system(let call, let code):
      return "\(call) failed: \(String(cString: strerror(code)))"
    case .executableNotFound(let name):
      return "\(name) not found (install it: make deps)"
    case .programNotFound(let path):
      return "\(path) is not an executable file"
    case .notReady(let service, let seconds, let log):
      return "\(service) did not answer within \(seconds) s; last log lines:\n\(log)"
    case .exited(let service, let status, let log):
      return "\(service) exited with status \(status); last log lines:\n\(log)"
    case .invalidSetting(let reason):
      return reason
    }
  }
}
