import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A blocking TCP socket for tests, with a receive timeout.
final class TestSocket {
  enum Failure: Error, Equatable {
    case connect(Int32)
    case reset
    case timedOut
    case closed
    case other(Int32)
  }

  private(set) var fd: Int32
  /// When set, every byte written and read is kept (to replay a live stream into decoders).
  var recording = false
  private(set) var sent: [UInt8] = []
  private(set) var received: [UInt8] = []

  init(port: UInt16, timeout: Double = 10) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let status = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if status != 0 {
      let code = errno
      close()
      throw Failure.connect(code)
    }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    setTimeout(timeout)
  }

  /// The socket's own port (the client port the proxy sees).
  var localPort: UInt16 {
    var addr = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: addr.sin_port)
  }

  /// Wraps a connected (accepted) socket.
  init(connected: Int32, timeout: Double = 10) {
    fd = connected
    setTimeout(timeout)
  }

  /// Sends a FIN: the peer reads EOF, and this socket can still read.
  func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

  func setTimeout(_ seconds: Double) {
    var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
  }

  func write(_ bytes: [UInt8]) throws {
    if recording { sent += bytes }
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if sent <= 0 { throw errno == ECONNRESET ? Failure.reset : Failure.other(errno) }
      offset += sent
    }
  }

  func write(_ text: String) throws { try write(Array(text.utf8)) }

  /// One read of up to `max` bytes; throws `closed` at EOF.
  func read(max: Int = 65536) throws -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: max)
    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
    if count == 0 { throw Failure.closed }
    if count < 0 {
      switch errno {
      case ECONNRESET: throw Failure.reset
      case EAGAIN, EWOULDBLOCK: throw Failure.timedOut
      default: throw Failure.other(errno)
      }
    }
    if recording { received += buffer[0..<count] }
    return Array(buffer[0..<count])
  }

  /// Reads until EOF (or an error), returning what came.
  func readToEnd() -> (bytes: [UInt8], failure: Failure) {
    var all: [UInt8] = []
    while true {
      do { all += try read() } catch let failure as Failure { return (all, failure) } catch {
        return (all, .other(0))
      }
    }
  }

  /// Closes once; the descriptor number may be reused by the proxy in this same process.
  func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
  }

  deinit { close() }
}
