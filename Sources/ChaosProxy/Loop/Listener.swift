import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// An `evconnlistener` bound to an address; hands each accepted socket to `onAccept`.
final class Listener {
  private var listener: OpaquePointer?
  private let onAccept: (Int32, SocketAddress) -> Void
  /// The address actually bound (the real port when asked for 0).
  private(set) var boundAddress = SocketAddress()

  init(
    loop: EventLoop, address: SocketAddress, text: String, onAccept: @escaping (Int32, SocketAddress) -> Void
  )
    throws
  {
    self.onAccept = onAccept
    let context = Unmanaged.passUnretained(self).toOpaque()
    let flags = UInt32(LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC)
    errno = 0
    listener = address.withSockaddr { pointer, length in
      evconnlistener_new_bind(
        loop.base,
        { _, fd, peer, length, context in
          let listener = Unmanaged<Listener>.fromOpaque(context!).takeUnretainedValue()
          let address = peer.map { SocketAddress($0, length: socklen_t(length)) } ?? SocketAddress()
          listener.onAccept(fd, address)
        }, context, flags, 1024, pointer, length)
    }
    guard let listener else {
      let code = errno
      if code == EADDRINUSE { throw ProxyError.addressInUse(address.description) }
      throw ProxyError.system("cannot listen on \(text): \(String(cString: strerror(code)))")
    }
    // Accept errors (EMFILE…) must not stop the listener for good; libevent logs and goes on.
    evconnlistener_set_error_cb(listener, { _, _ in })
    if let bound = SocketAddress.local(of: evconnlistener_get_fd(listener)) { boundAddress = bound }
  }

  func close() {
    if let listener { evconnlistener_free(listener) }
    listener = nil
  }

  deinit { close() }
}
