import Foundation

/// Processes found by a marker in their environment (`NAME=value`): what chaos started carries one,
/// and so do its descendants, whatever process group or session they moved to (setpgrp, setsid).
/// A process that clears its environment (`env -i`) is not found this way (the run's cgroup still
/// holds it; see ``RunContainment``).
public enum MarkedProcesses {
  /// The live processes (zombies left out) whose environment holds exactly `name=value`.
  public static func find(_ name: String, _ value: String) -> [pid_t] {
    let marker = Array("\(name)=\(value)".utf8)
    var found: [pid_t] = []
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
      guard let pid = pid_t(entry),
        let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
        environment.split(separator: 0).contains(where: { $0.elementsEqual(marker) }), !isZombie(pid)
      else { continue }
      found.append(pid)
    }
    return found.sorted()
  }

  /// True for a zombie or a process already gone.
  public static func isZombie(_ pid: pid_t) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = status.lastIndex(of: ")"), status.index(close, offsetBy: 2) < status.endIndex
    else { return true }
    return status[status.index(close, offsetBy: 2)...].hasPrefix("Z")
  }
}
