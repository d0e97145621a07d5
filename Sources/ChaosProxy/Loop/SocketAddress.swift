import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An IPv4 or IPv6 socket address, parsed from `host:port` (`[::1]:80`, `:8080`, `localhost:6379`).
struct SocketAddress: CustomStringConvertible, Sendable {
  var storage = sockaddr_storage()
  var length: socklen_t = 0

  /// Splits `host:port`; an empty host means every interface. Throws `invalid` on a bad port.
  static func split(_ text: String) throws -> (host: String, port: UInt16) {
    guard let colon = text.lastIndex(of: ":") else {
      throw ProxyError.invalid("address must be host:port, got \"\(text)\"")
    }
    var host = String(text[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard let port = UInt16(text[text.index(after: colon)...]) else {
      throw ProxyError.invalid("bad port in address \"\(text)\"")
    }
    return (host, port)
  }

  /// Resolves `host:port` (getaddrinfo, IPv4 first). Blocking: call it off the loop thread.
  static func resolve(_ text: String, passive: Bool = false) throws -> SocketAddress {
    let (host, port) = try split(text)
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = passive ? AI_PASSIVE : 0
    var list: UnsafeMutablePointer<addrinfo>?
    let node = host.isEmpty ? (passive ? nil : "127.0.0.1") : host
    let status = getaddrinfo(node, String(port), &hints, &list)
    guard status == 0, let list else {
      throw ProxyError.invalid("cannot resolve \"\(text)\": \(String(cString: gai_strerror(status)))")
    }
    defer { freeaddrinfo(list) }
    var chosen: UnsafeMutablePointer<addrinfo>? = list
    var cursor: UnsafeMutablePointer<addrinfo>? = list
    while let entry = cursor {
      if entry.pointee.ai_family == AF_INET {
        chosen = entry
        break
      }
      cursor = entry.pointee.ai_next
    }
    var address = SocketAddress()
    guard let entry = chosen, let addr = entry.pointee.ai_addr else {
      throw ProxyError.invalid("cannot resolve \"\(text)\"")
    }
    address.length = entry.pointee.ai_addrlen
    withUnsafeMutableBytes(of: &address.storage) { target in
      target.copyMemory(from: UnsafeRawBufferPointer(start: addr, count: Int(entry.pointee.ai_addrlen)))
    }
    return address
  }

  /// Reads a `sockaddr` given by the kernel or libevent.
  init(_ pointer: UnsafePointer<sockaddr>, length: socklen_t) {
    self.length = length
    withUnsafeMutableBytes(of: &storage) { target in
      target.copyMemory(
        from: UnsafeRawBufferPointer(
          start: pointer, count: min(Int(length), MemoryLayout<sockaddr_storage>.size)))
    }
  }

  init() {}

  /// The local address a socket is bound to.
  static func local(of fd: Int32) -> SocketAddress? {
    var address = SocketAddress()
    address.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let ok = withUnsafeMutablePointer(to: &address.storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &address.length) == 0 }
    }
    return ok ? address : nil
  }

  var port: UInt16 {
    withUnsafePointer(to: storage) { pointer in
      pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
    }
  }

  var description: String {
    var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
    var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
    let status = withUnsafePointer(to: storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getnameinfo(
          $0, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
          NI_NUMERICHOST | NI_NUMERICSERV)
      }
    }
    guard status == 0 else { return "?" }
    let hostText = Self.text(host)
    let bracketed = hostText.contains(":") ? "[\(hostText)]" : hostText
    return "\(bracketed):\(Self.text(service))"
  }

  private static func text(_ characters: [CChar]) -> String {
    String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, Int32) -> T) -> T {
    withUnsafePointer(to: storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, Int32(length)) }
    }
  }
}
