/// One `ports:` entry of a compose service: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, or the
/// long syntax (`target`, `published`, `host_ip`). `hostPort` is nil when Docker picks it.
struct PublishedPort: Equatable {
  var hostIP: String?
  var hostPort: Int?
  var containerPort: Int

  init(hostIP: String? = nil, hostPort: Int?, containerPort: Int) {
    self.hostIP = hostIP
    self.hostPort = hostPort
    self.containerPort = containerPort
  }

  init(parsing value: Any) throws {
    if let fields = value as? [String: Any] {
      guard let target = Self.number(fields["target"]) else {
        throw ComposeCheckError("port mapping \(fields) has no numeric 'target'")
      }
      self.init(
        hostIP: fields["host_ip"] as? String, hostPort: Self.number(fields["published"]),
        containerPort: target)
      return
    }
    let text = String(describing: value)
    let withoutProtocol = text.split(separator: "/").first.map(String.init) ?? text
    guard !text.hasSuffix("/udp") else {
      throw ComposeCheckError("port \(text) is UDP; the stack is TCP only")
    }
    let parts = withoutProtocol.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard (1...3).contains(parts.count), let container = Int(parts[parts.count - 1]) else {
      throw ComposeCheckError("port \"\(text)\" is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT")
    }
    var host: Int?
    if parts.count >= 2 {
      guard let number = Int(parts[parts.count - 2]) else {
        throw ComposeCheckError("port \"\(text)\" has a host port that is not a number")
      }
      host = number
    }
    self.init(hostIP: parts.count == 3 ? parts[0] : nil, hostPort: host, containerPort: container)
  }

  private static func number(_ value: Any?) -> Int? {
    if let number = value as? Int { return number }
    if let text = value as? String { return Int(text) }
    return nil
  }
}
