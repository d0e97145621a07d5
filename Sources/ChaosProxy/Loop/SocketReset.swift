#if canImport(Glibc)
  import Glibc
#endif

/// Closing an accepted socket with a TCP RST (SO_LINGER 0) instead of a FIN.
enum SocketReset {
  static func resetAndClose(_ fd: Int32) {
    var option = linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    close(fd)
  }
}
