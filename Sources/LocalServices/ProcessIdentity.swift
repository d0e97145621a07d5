import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A process named so that a later process with the same pid is not taken for it: the pid and its
/// start time in clock ticks since boot (field 22 of /proc/PID/stat).
struct ProcessIdentity: Equatable {
  let pid: Int32
  let startTime: UInt64

  static var current: ProcessIdentity {
    let pid = getpid()
    return ProcessIdentity(pid: pid, startTime: startTime(of: pid) ?? 0)
  }

  init(pid: Int32, startTime: UInt64) {
    self.pid = pid
    self.startTime = startTime
  }

  /// Reads `pid start-time`, as written by ``text``.
  init?(text: String) {
    let fields = text.split(whereSeparator: \.isWhitespace)
    guard fields.count == 2, let pid = Int32(fields[0]), let start = UInt64(fields[1]) else { return nil }
    self.init(pid: pid, startTime: start)
  }

  var text: String { "\(pid) \(startTime)\n" }

  /// Whether this very process still exists (a zombie counts as ended).
  var isAlive: Bool {
    guard let start = Self.startTime(of: pid) else { return false }
    return start == startTime
  }

  private static func startTime(of pid: Int32) -> UInt64? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let end = stat.lastIndex(of: ")")
    else { return nil }
    // After "pid (comm)": field 3 is the state, field 22 the start time.
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    guard fields.count > 19, fields[0] != "Z" else { return nil }
    return UInt64(fields[19])
  }
}
