#if canImport(Glibc)
  import Glibc
#endif

/// Asks a server on loopback whether it really answers, with a plain blocking socket and a short
/// timeout: Redis must answer `PING` with `+PONG` (not `-LOADING`), RabbitMQ must answer the AMQP
/// protocol header with a `connection.start` method frame.
public enum ReadinessProbe {
  public static func redisAnswersPong(port: UInt16, host: String = "127.0.0.1", timeout: Double = 1) -> Bool {
    guard
      let reply = exchange(host: host, port: port, send: Array("PING\r\n".utf8), expect: 7, timeout: timeout)
    else { return false }
    return reply.starts(with: Array("+PONG".utf8))
  }

  public static func amqpAnswersConnectionStart(port: UInt16, host: String = "127.0.0.1", timeout: Double = 2)
    -> Bool
  {
    let header: [UInt8] = [0x41, 0x4D, 0x51, 0x50, 0, 0, 9, 1]
    guard let reply = exchange(host: host, port: port, send: header, expect: 11, timeout: timeout),
      reply.count >= 11
    else { return false }
    // frame type 1 (method), channel 0, class 10 (connection), method 10 (start)
    return reply[0] == 1 && reply[7] == 0 && reply[8] == 10 && reply[9] == 0 && reply[10] == 10
  }

  /// True when something accepts TCP connections on the port.
  public static func accepts(port: UInt16, host: String = "127.0.0.1") -> Bool {
    guard let fd = connectSocket(host: host, port: port, timeout: 1) else { return false }
    close(fd)
    return true
  }

  static func exchange(host: String, port: UInt16, send bytes: [UInt8], expect: Int, timeout: Double)
    -> [UInt8]?
  {
    guard let fd = connectSocket(host: host, port: port, timeout: timeout) else { return nil }
    defer { close(fd) }
    let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    guard sent == bytes.count else { return nil }
    var reply = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 512)
    while reply.count < expect {
      let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if got <= 0 { break }
      reply.append(contentsOf: buffer[0..<got])
    }
    return reply
  }

  static func connectSocket(host: String, port: UInt16, timeout: Double) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr(host)
    let connected = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    if !connected {
      close(fd)
      return nil
    }
    return fd
  }
}
