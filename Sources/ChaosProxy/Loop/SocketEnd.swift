import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// What a ``SocketEnd`` tells its owner; `side` is the end's index in the owner.
protocol SocketEndDelegate: AnyObject {
  /// Readable (or EOF/error pending): the owner reads with ``SocketEnd/read(into:)``.
  func socketReadable(side: Int)
  /// The output went below the low watermark after being above it, or emptied.
  func socketDrained(side: Int)
  /// The socket failed (connect refused, reset, broken pipe).
  func socketFailed(side: Int, code: Int32)
  /// The connect finished.
  func socketConnected(side: Int)
}

/// One non-blocking TCP socket on the loop with an output `evbuffer`: reads on demand, writes
/// at once and keeps what the kernel would not take until the socket is writable again.
///
/// Lighter than a bufferevent: a small message costs one `read` and one `write`, with no write
/// event registered unless the peer is slow.
final class SocketEnd {
  private(set) var fd: Int32
  let output: OpaquePointer
  private let base: OpaquePointer
  private var readEvent: OpaquePointer?
  /// Created on the first write that the kernel does not take at once.
  private var writeEvent: OpaquePointer?
  private(set) var isReading = false
  private var isWaitingToWrite = false
  private(set) var isConnected: Bool
  /// A FIN is to be sent once the output has drained (``shutdownWriteWhenDrained()``).
  private var finPending = false
  /// The FIN has been sent: nothing more is written.
  private(set) var isWriteShut = false
  let side: Int
  unowned(unsafe) let delegate: any SocketEndDelegate
  let lowWater: Int

  /// Wraps an accepted socket. The delegate must outlive the end (it owns it).
  init(
    loop: EventLoop, fd: Int32, side: Int, delegate: any SocketEndDelegate, lowWater: Int,
    connected: Bool = true
  ) {
    self.fd = fd
    self.side = side
    self.delegate = delegate
    self.lowWater = lowWater
    base = loop.base
    isConnected = connected
    output = evbuffer_new()
    readEvent = event_new(
      loop.base, fd, Int16(EV_READ | EV_PERSIST),
      { _, _, context in SocketEnd.from(context) { $0.delegate.socketReadable(side: $0.side) } },
      Unmanaged.passUnretained(self).toOpaque())
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
  }

  /// Opens a socket and starts a non-blocking connect to `address`; nil when the socket fails.
  static func connecting(
    loop: EventLoop, to address: SocketAddress, side: Int, delegate: any SocketEndDelegate, lowWater: Int
  ) -> (SocketEnd?, Int32) {
    let family = Int32(address.storage.ss_family)
    let fd = socket(
      family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return (nil, errno) }
    let end = SocketEnd(
      loop: loop, fd: fd, side: side, delegate: delegate, lowWater: lowWater, connected: false)
    let status = address.withSockaddr { Glibc.connect(fd, $0, socklen_t($1)) }
    if status == 0 {
      end.isConnected = true
    } else if errno == EINPROGRESS {
      end.waitToWrite()
    } else {
      let code = errno
      end.close()
      return (nil, code)
    }
    return (end, 0)
  }

  private static func from(_ context: UnsafeMutableRawPointer?, _ body: (SocketEnd) -> Void) {
    let end = Unmanaged<SocketEnd>.fromOpaque(context!).takeUnretainedValue()
    // The owner may drop its last reference to itself (a closing link leaves its proxy) while it
    // handles the event: keep both alive until the handler returns.
    let owner = end.delegate
    withExtendedLifetime((end, owner)) { body(end) }
  }

  var pendingOutput: Int { evbuffer_get_length(output) }

  func startReading() {
    guard !isReading, fd >= 0 else { return }
    isReading = true
    event_add(readEvent, nil)
  }

  func stopReading() {
    guard isReading else { return }
    isReading = false
    event_del(readEvent)
  }

  /// Receives what is there into `buffer` with `recv(2)`: the byte count, 0 at EOF, -1 when
  /// nothing was there (EAGAIN) or on error (errno set).
  func receive(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
    guard fd >= 0 else { return -1 }
    return recv(fd, buffer, capacity, 0)
  }

  /// Sends `count` bytes from `bytes`: straight with `send(2)` when nothing is queued before them,
  /// the rest (or all, while connecting or behind queued bytes) through the output.
  func send(_ bytes: UnsafeRawPointer, count: Int) {
    guard isConnected, fd >= 0, evbuffer_get_length(output) == 0 else {
      evbuffer_add(output, bytes, count)
      flush()
      return
    }
    let written = Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
    if written == count { return }
    if written < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
      delegate.socketFailed(side: side, code: errno)
      return
    }
    // The kernel's buffer is full: keep the rest until the socket is writable.
    let offset = max(written, 0)
    evbuffer_add(output, bytes + offset, count - offset)
    waitToWrite()
  }

  /// Writes as much of the output as the kernel takes; waits for writability for the rest.
  func flush() {
    guard isConnected, fd >= 0 else { return }
    while evbuffer_get_length(output) > 0 {
      let written = evbuffer_write(output, fd)
      if written < 0 {
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { break }
        delegate.socketFailed(side: side, code: errno)
        return
      }
    }
    if evbuffer_get_length(output) > 0 {
      waitToWrite()
      return
    }
    if isWaitingToWrite {
      isWaitingToWrite = false
      event_del(writeEvent)
    }
    if finPending {
      finPending = false
      isWriteShut = true
      shutdown(fd, Int32(SHUT_WR))
    }
  }

  /// Sends a FIN (`shutdown(SHUT_WR)`) once what is in the output has been written; the socket
  /// keeps reading: the peer may still answer (a TCP half-close).
  func shutdownWriteWhenDrained() {
    guard !isWriteShut, fd >= 0 else { return }
    finPending = true
    flush()
  }

  private func waitToWrite() {
    guard !isWaitingToWrite, fd >= 0 else { return }
    if writeEvent == nil {
      writeEvent = event_new(
        base, fd, Int16(EV_WRITE | EV_PERSIST),
        { _, _, context in SocketEnd.from(context) { $0.writable() } },
        Unmanaged.passUnretained(self).toOpaque())
    }
    isWaitingToWrite = true
    event_add(writeEvent, nil)
  }

  private func writable() {
    if !isConnected {
      var error: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
      if error != 0 {
        delegate.socketFailed(side: side, code: error)
        return
      }
      isConnected = true
      var one: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
      delegate.socketConnected(side: side)
    }
    guard fd >= 0 else { return }
    let before = evbuffer_get_length(output)
    flush()
    guard fd >= 0 else { return }
    let after = evbuffer_get_length(output)
    if after == 0 || (before > lowWater && after <= lowWater) { delegate.socketDrained(side: side) }
  }

  /// Sets SO_LINGER {1, 0} so that ``close()`` sends a TCP RST.
  func prepareReset() {
    guard fd >= 0 else { return }
    var option = linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
  }

  func close() {
    guard fd >= 0 else { return }
    event_del(readEvent)
    if let writeEvent { event_del(writeEvent) }
    Glibc.close(fd)
    fd = -1
    isReading = false
    isWaitingToWrite = false
  }

  deinit {
    close()
    event_free(readEvent)
    if let writeEvent { event_free(writeEvent) }
    evbuffer_free(output)
  }
}
