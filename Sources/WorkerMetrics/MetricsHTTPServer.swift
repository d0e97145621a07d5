import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A tiny HTTP/1.1 server for the worker's `/metrics` and `/healthz`: one thread, one request per
/// connection (`Connection: close`), GET only. Plain sockets rather than the proxy's evhttp
/// server, so workers do not link libevent and the proxy's Toxiproxy quirks (request ids,
/// browser refusal) stay in ChaosProxy. The only file of this target that touches C sockets.
public final class MetricsHTTPServer: @unchecked Sendable {
  /// An answer: status, content type and body.
  public struct Response: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
      self.status = status
      self.contentType = contentType
      self.body = body
    }
  }

  public let port: UInt16
  private let socket: Int32
  private let handler: @Sendable (String) -> Response
  private let lock = NSLock()
  private var stopped = false

  /// Listens on `host:port` (0: any free port) and serves on a thread of its own.
  public init(host: String, port: UInt16, handler: @escaping @Sendable (_ path: String) -> Response) throws {
    self.handler = handler
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw MetricsServerError(message: "socket: \(String(cString: strerror(errno)))") }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
      close(fd)
      throw MetricsServerError(message: "\(host) is not an IPv4 address")
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw MetricsServerError(message: "cannot serve metrics on \(host):\(port): \(reason)")
    }
    var local = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &local) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    self.port = UInt16(bigEndian: local.sin_port)
    self.socket = fd
    let thread = Thread { [self] in serve() }
    thread.name = "metrics-http"
    thread.start()
  }

  /// Stops accepting (the thread notices within 200 ms).
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    stopped = true
  }

  private var isStopped: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  private func serve() {
    defer { close(socket) }
    while !isStopped {
      var waiting = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      guard poll(&waiting, 1, 200) > 0 else { continue }
      let client = accept(socket, nil, nil)
      guard client >= 0 else { continue }
      answer(client)
      close(client)
    }
  }

  private func answer(_ client: Int32) {
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var request: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while request.count < 16_384, !request.containsHeaderEnd {
      let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      request += chunk[0..<count]
    }
    let line = String(decoding: request.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    let parts = line.split(separator: " ")
    let response: Response
    if parts.count < 2 {
      response = Response(status: 400, contentType: "text/plain", body: Array("bad request\n".utf8))
    } else if parts[0] != "GET" && parts[0] != "HEAD" {
      response = Response(status: 405, contentType: "text/plain", body: Array("GET only\n".utf8))
    } else {
      let target = parts[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
      response = handler(target)
    }
    var bytes = Array(
      ("HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        + "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
        + "Connection: close\r\n\r\n").utf8)
    if parts.first != "HEAD" { bytes += response.body }
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes {
        send(client, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { return }
      offset += sent
    }
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: return "OK"
    case 400: return "Bad Request"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 503: return "Service Unavailable"
    default: return "Error"
    }
  }
}

/// The metrics endpoint could not listen.
public struct MetricsServerError: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}

extension [UInt8] {
  fileprivate var containsHeaderEnd: Bool {
    guard count >= 4 else { return false }
    for index in 3..<count
    where self[index - 3] == 0x0D && self[index - 2] == 0x0A && self[index - 1] == 0x0D
      && self[index] == 0x0A
    {
      return true
    }
    return false
  }
}
