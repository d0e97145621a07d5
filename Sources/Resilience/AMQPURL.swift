import Foundation

/// `amqp://user:password@host:port/vhost` (the vhost percent-decoded; `%2F` is `/`).
public struct AMQPURL: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var user: String
  public var password: String
  public var vhost: String

  public init(
    host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest",
    vhost: String = "/"
  ) {
    self.host = host
    self.port = port
    self.user = user
    self.password = password
    self.vhost = vhost
  }

  public init(parsing text: String) throws {
    let bad = SettingsError(
      variable: "RABBITMQ_URL", value: text, expected: "amqp://user:pass@host:port/vhost")
    guard text.hasPrefix("amqp://") else { throw bad }
    var rest = Substring(text.dropFirst("amqp://".count))
    var user = "guest"
    var password = "guest"
    if let at = rest.lastIndex(of: "@") {
      let credentials = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      user = credentials.first.map { String($0).removingPercentEncoding ?? String($0) } ?? user
      if credentials.count == 2 { password = String(credentials[1]).removingPercentEncoding ?? password }
      rest = rest[rest.index(after: at)...]
    }
    var vhost = "/"
    if let slash = rest.firstIndex(of: "/") {
      let encoded = String(rest[rest.index(after: slash)...])
      if !encoded.isEmpty {
        guard let decoded = encoded.removingPercentEncoding else { throw bad }
        vhost = decoded
      }
      rest = rest[..<slash]
    }
    let hostPort = try HostPort(parsing: String(rest), defaultPort: 5672, error: bad)
    self.init(host: hostPort.host, port: hostPort.port, user: user, password: password, vhost: vhost)
  }

  public var description: String {
    let encoded = vhost == "/" ? "%2F" : vhost
    return "amqp://\(user)@\(host):\(port)/\(encoded)"
  }
}
