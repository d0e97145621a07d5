import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Free TCP ports on the loopback interface, for the servers chaos starts.
///
/// Ports are drawn below the kernel's ephemeral range (`ip_local_port_range`, usually from 32768):
/// a port from inside that range can be taken between our check and the server's bind by any
/// outgoing connection's source port — seen here as RabbitMQ failing to boot with
/// `dist_port_already_used`. A port is handed out once per process and checked bindable first.
public enum FreePort {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var handedOut: Set<UInt16> = []

  public static func allocate() throws -> UInt16 {
    try allocate(in: try candidates())
  }

  /// A port of `range` not handed out before and bindable now (the kernel's choice after 200 tries).
  static func allocate(in range: ClosedRange<Int>) throws -> UInt16 {
    for _ in 0..<200 {
      let candidate = UInt16(Int.random(in: range))
      lock.lock()
      let fresh = handedOut.insert(candidate).inserted
      lock.unlock()
      if fresh, try bindable(candidate) { return candidate }
    }
    return try bindEphemeral()
  }

  /// The environment variable that narrows the ports drawn to `LOW-HIGH` (scripts/unit-test.sh
  /// gives each XCTest worker process its own slice, so that two workers never draw the same port).
  public static let rangeVariable = "CHAOS_PORT_RANGE"

  /// The ports drawn from: `CHAOS_PORT_RANGE` when set, else 10000 up to the port before the
  /// kernel's ephemeral range.
  static func candidates(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> ClosedRange<Int> {
    guard let text = environment[rangeVariable] else {
      return 10_000...max(10_000, min(ephemeralStart() - 1, 65_535))
    }
    let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
    guard bounds.count == 2, let low = bounds[0], let high = bounds[1], 1024 <= low, low <= high,
      high <= 65_535
    else {
      throw ServiceError.invalidSetting(
        "\(rangeVariable)=\(text): expected LOW-HIGH, two ports with 1024 ≤ LOW ≤ HIGH ≤ 65535")
    }
    return low...high
  }

  /// The first port of the kernel's ephemeral range (32768 when it cannot be read).
  static func ephemeralStart() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
      let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first,
      let start = Int(first)
    else { return 32_768 }
    return start
  }

  static func bindable(_ port: UInt16) throws -> Bool {
    try withBoundSocket(port: port) { _ in true } ?? false
  }

  /// Lets the kernel choose (the fallback when no port below the ephemeral range is free).
  static func bindEphemeral() throws -> UInt16 {
    guard let port = try withBoundSocket(port: 0, { $0 }) else { throw ServiceError.system("bind", errno) }
    return port
  }

  /// Binds a TCP socket on 127.0.0.1:`port` (SO_REUSEADDR, as the servers do), gives the bound
  /// port to `body`, closes it. Nil when the port cannot be bound.
  private static func withBoundSocket<T>(port: UInt16, _ body: (UInt16) -> T) throws -> T? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServiceError.system("socket", errno) }
    defer { close(fd) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    return bound ? body(UInt16(bigEndian: addr.sin_port)) : nil
  }
}
