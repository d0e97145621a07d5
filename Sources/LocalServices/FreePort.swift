#if canImport(Glibc)
  import Glibc
#endif

/// Free TCP ports on the loopback interface.
public enum FreePort {
  /// Binds an ephemeral port on 127.0.0.1, reads the number the kernel chose and releases it.
  /// Another process may take it in between; callers that lose that race retry with a new one.
  public static func allocate() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServiceError.system("socket", errno) }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard bound else { throw ServiceError.system("bind", errno) }
    return UInt16(bigEndian: addr.sin_port)
  }
}
