/// `host:port` as the proxy config and the compose file write it.
struct HostPort: Equatable, CustomStringConvertible {
  var host: String
  var port: Int

  init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  init(parsing text: String) throws {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
      (1...65_535).contains(port), colon != text.startIndex
    else { throw ComposeCheckError("\"\(text)\" is not host:port") }
    host = String(text[..<colon])
    self.port = port
  }

  var description: String { "\(host):\(port)" }
}
