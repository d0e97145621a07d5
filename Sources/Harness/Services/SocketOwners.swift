import Foundation

/// Which process owns a loopback TCP socket: the client's port gives the socket's inode (a
/// sock_diag exact lookup, ``SocketDiag``; `/proc/net/tcp` and `tcp6` when that fails), and the inode is found among the `socket:[…]` links
/// of `/proc/PID/fd` of a process or one of its descendants (`/proc/PID/task/*/children`).
enum SocketOwners {
  /// The inode of the socket whose local port is `port` and remote port `peerPort`, both on 127.0.0.1.
  static func inode(localPort port: UInt16, peerPort: UInt16) -> UInt64? {
    if let inode = SocketDiag.inode(sourcePort: port, destinationPort: peerPort) { return inode }
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
      guard let text = read(table) else { continue }
      for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 9, Self.port(fields[1]) == port, Self.port(fields[2]) == peerPort else {
          continue
        }
        if let inode = UInt64(fields[9]), inode != 0 { return inode }
      }
    }
    return nil
  }

  /// The whole of a procfs file (whose size stat reports as 0: read to the end, not by size).
  private static func read(_ path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
  }

  /// `0100007F:1F90` → 8080.
  private static func port(_ field: Substring) -> UInt16? {
    guard let colon = field.lastIndex(of: ":") else { return nil }
    return UInt16(field[field.index(after: colon)...], radix: 16)
  }

  /// `pid` and every process below it.
  static func tree(_ pid: Int32) -> [Int32] {
    var result: [Int32] = []
    var queue = [pid]
    while let next = queue.popLast(), result.count < 10_000 {
      result.append(next)
      let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(next)/task")) ?? []
      for task in tasks {
        guard let text = read("/proc/\(next)/task/\(task)/children") else { continue }
        queue += text.split(separator: " ").compactMap {
          Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
      }
    }
    return result
  }

  /// True when process `pid` has the socket `inode` open.
  static func holds(_ pid: Int32, inode: UInt64) -> Bool {
    let directory = "/proc/\(pid)/fd"
    let target = "socket:[\(inode)]"
    for fd in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
      if (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(fd)")) == target {
        return true
      }
    }
    return false
  }
}
