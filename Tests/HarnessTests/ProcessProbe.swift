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

extension ProcessProbe {
  /// The command lines of live processes whose command line or environment names `text` (a temp
  /// dir: every server, epmd and worker of a run is started with it in its arguments or its HOME).
  static func mentioning(_ text: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    let own = String(getpid())
    return entries.filter { Int($0) != nil && $0 != own }.compactMap { pid in
      guard let pidNumber = Int32(pid), isAlive(pidNumber),
        let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
      else { return nil }
      let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
      let readable = String(decoding: command.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      let named = readable.contains(text) || String(decoding: environment, as: UTF8.self).contains(text)
      return named ? "\(pid) \(readable)" : nil
    }
  }

  /// Waits up to `timeout` seconds for no process to mention `text`; returns those left.
  static func survivors(mentioning text: String, timeout: Double = 5) -> [String] {
    let deadline = Date().addingTimeInterval(timeout)
    var left = mentioning(text)
    while !left.isEmpty && Date() < deadline {
      usleep(100_000)
      left = mentioning(text)
    }
    return left
  }
}

extension ProcessProbe {
  /// The live descendants of `pid` (children, their children…), each as "pid command line".
  static func descendants(of pid: Int32) -> [(pid: Int32, command: String)] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    var parents: [Int32: [Int32]] = [:]
    for entry in entries {
      guard let child = Int32(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")")
      else { continue }
      let fields = stat[stat.index(after: end)...].split(separator: " ")
      if fields.count > 1, let parent = Int32(fields[1]) { parents[parent, default: []].append(child) }
    }
    var found: [(pid: Int32, command: String)] = []
    var pending = parents[pid] ?? []
    while let next = pending.popLast() {
      let command = FileManager.default.contents(atPath: "/proc/\(next)/cmdline") ?? Data()
      found.append((next, String(decoding: command.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)))
      pending += parents[next] ?? []
    }
    return found
  }
}
