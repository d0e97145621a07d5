import Foundation

/// Whether processes still exist, read from /proc (a zombie counts as gone).
enum ProcessProbe {
  static func isAlive(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
      return false
    }
    let state = status.split(separator: "\n").first { $0.hasPrefix("State:") } ?? ""
    return !state.contains("Z") && !state.contains("X")
  }

  /// Waits up to `timeout` seconds for every pid to be gone; returns the ones left.
  static func survivors(_ pids: [Int32], timeout: Double = 5) -> [Int32] {
    let deadline = Date().addingTimeInterval(timeout)
    var left = pids.filter(isAlive)
    while !left.isEmpty && Date() < deadline {
      usleep(50_000)
      left = left.filter(isAlive)
    }
    return left
  }
}
