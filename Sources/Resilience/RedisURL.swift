/// `redis://[:password@]host:port[/db]`.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var database: Int
  public var password: String?

  public init(host: String = "127.0.0.1", port: Int = 6379, database: Int = 0, password: String? = nil) {
    self.host = host
    self.port = port
    self.database = database
    self.password = password
  }

  public init(parsing text: String) throws {
    let bad = SettingsError(variable: "REDIS_URL", value: text, expected: "redis://host:port/db")
    guard text.hasPrefix("redis://") else { throw bad }
    var rest = Substring(text.dropFirst("redis://".count))
    var password: String?
    if let at = rest.lastIndex(of: "@") {
      let credentials = rest[..<at]
      password = credentials.split(separator: ":", maxSplits: 1).last.map(String.init)
      rest = rest[rest.index(after: at)...]
    }
    var database = 0
    if let slash = rest.firstIndex(of: "/") {
      let db = rest[rest.index(after: slash)...]
      if !db.isEmpty {
        guard let number = Int(db), number >= 0 else { throw bad }
        database = number
      }
      rest = rest[..<slash]
    }
    let hostPort = try HostPort(parsing: String(rest), defaultPort: 6379, error: bad)
    self.init(host: hostPort.host, port: hostPort.port, database: database, password: password)
  }

  public var description: String { "redis://\(host):\(port)/\(database)" }
}

/// `host[:port]`, with a port in 1…65535.
struct HostPort {
  var host: String
  var port: Int

  init(parsing text: String, defaultPort: Int, error: SettingsError) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty, parts.count <= 2 else { throw error }
    host = String(first)
    port = defaultPort
    if parts.count == 2 {
      guard let number = Int(parts[1]), (1...65535).contains(number) else { throw error }
      port = number
    }
  }
}
