import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal Redis client for the harness's own use (sampling a service's clients): one blocking socket,
/// commands sent as RESP arrays, one reply read per command. Not the system under test — that
/// is the workers' resilient client.
public final class RESPConnection {
  private var fd: Int32

  /// Connects to `host:port` with `timeout` seconds for the connection and each reply.
  public init(host: String = "127.0.0.1", port: UInt16, timeout: Double = 2) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw RESPError.io("socket: \(String(cString: strerror(errno)))") }
    var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr(host)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    if !connected {
      let reason = String(cString: strerror(errno))
      close(fd)
      fd = -1
      throw RESPError.io("connect \(host):\(port): \(reason)")
    }
  }

  deinit {
    if fd >= 0 { close(fd) }
  }

  /// Sends one command and returns its reply: a status, an integer or a bulk string as text.
  /// An error reply throws ``RESPError/server(_:)``.
  @discardableResult
  public func command(_ arguments: [String]) throws -> String {
    var request = "*\(arguments.count)\r\n"
    for argument in arguments { request += "$\(argument.utf8.count)\r\n\(argument)\r\n" }
    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { throw RESPError.io("send: \(String(cString: strerror(errno)))") }
      sent += count
    }
    let line = try readLine()
    guard let kind = line.first else { throw RESPError.io("empty reply") }
    let rest = String(line.dropFirst())
    switch kind {
    case "+", ":": return rest
    case "-": throw RESPError.server(rest)
    case "$":
      guard let length = Int(rest) else { throw RESPError.io("bad bulk length \(rest)") }
      if length < 0 { return "" }
      return try readBulk(length)
    default: throw RESPError.io("unexpected reply \(line)")
    }
  }

  private var buffer: [UInt8] = []

  private func readLine() throws -> String {
    while true {
      if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[..<end].filter { $0 != UInt8(ascii: "\r") }
        buffer.removeSubrange(...end)
        return String(decoding: line, as: UTF8.self)
      }
      try fill()
    }
  }

  /// A bulk string of `length` bytes (which may hold newlines, as `CLIENT LIST` does) and its CRLF.
  private func readBulk(_ length: Int) throws -> String {
    while buffer.count < length + 2 { try fill() }
    let text = String(decoding: buffer[..<length], as: UTF8.self)
    buffer.removeSubrange(..<(length + 2))
    return text
  }

  private func fill() throws {
    var chunk = [UInt8](repeating: 0, count: 4096)
    let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard count > 0 else {
      throw RESPError.io(count == 0 ? "connection closed" : "recv: \(String(cString: strerror(errno)))")
    }
    buffer.append(contentsOf: chunk[0..<count])
  }
}

/// A failed exchange with Redis.
public enum RESPError: Error, Equatable, CustomStringConvertible {
  case io(String)
  case server(String)

  public var description: String {
    switch self {
    case .io(let message): return message
    case .server(let message): return "redis: \(message)"
    }
  }
}
