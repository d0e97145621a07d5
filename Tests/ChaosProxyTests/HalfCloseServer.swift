import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A one-connection TCP server for the half-close tests, on a loopback port of its own.
final class HalfCloseServer: @unchecked Sendable {
  enum Behaviour {
    /// Reads until the client's FIN, then answers `got N` and closes.
    case answerAfterFIN
    /// Sends `hello` and a FIN at once, then reads until the client's FIN and closes.
    case finFirst
  }

  let port: UInt16
  private let listener: Int32
  private let lock = NSLock()
  private var receivedBytes: [UInt8] = []
  private let finished = DispatchSemaphore(value: 0)

  init(_ behaviour: Behaviour) throws {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.listener = listener
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, length) == 0 && listen(listener, 4) == 0
          && getsockname(listener, $0, &length) == 0
      }
    }
    guard bound else { throw TestSocket.Failure.other(errno) }
    port = UInt16(bigEndian: addr.sin_port)
    Thread.detachNewThread { [self] in
      let fd = accept(listener, nil, nil)
      guard fd >= 0 else {
        finished.signal()
        return
      }
      let connection = TestSocket(connected: fd)
      if behaviour == .finFirst {
        try? connection.write("hello\n")
        connection.shutdownWrite()
      }
      let (bytes, _) = connection.readToEnd()
      lock.lock()
      receivedBytes = bytes
      lock.unlock()
      if behaviour == .answerAfterFIN { try? connection.write("got \(bytes.count)\n") }
      connection.close()
      finished.signal()
    }
  }

  /// What the client sent, once the connection is over (nil if it is not over within `timeout`).
  func received(timeout: Double = 10) -> String? {
    guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: receivedBytes, as: UTF8.self)
  }

  deinit { close(listener) }
}
