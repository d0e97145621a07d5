import Foundation

/// What a process holds at one moment, read from `/proc/PID/status` (VmRSS, Threads) and
/// `/proc/PID/fd` (one entry per open descriptor). Linux only; nil when the process is gone.
public struct ProcessResources: Sendable, Equatable, Codable {
  public var rssKB: Int
  public var openFDs: Int
  public var threads: Int

  public init(rssKB: Int, openFDs: Int, threads: Int) {
    self.rssKB = rssKB
    self.openFDs = openFDs
    self.threads = threads
  }

  public static func read(pid: Int32) -> ProcessResources? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let parsed = parseStatus(status),
      let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
    else { return nil }
    return ProcessResources(rssKB: parsed.rssKB, openFDs: fds.count, threads: parsed.threads)
  }

  /// `VmRSS:     1234 kB` and `Threads:  7` from the text of `/proc/PID/status`.
  static func parseStatus(_ text: String) -> (rssKB: Int, threads: Int)? {
    var rss: Int?
    var threads: Int?
    for line in text.split(separator: "\n") {
      let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
      guard parts.count >= 2 else { continue }
      if parts[0] == "VmRSS" { rss = Int(parts[1]) }
      if parts[0] == "Threads" { threads = Int(parts[1]) }
    }
    guard let rss, let threads else { return nil }
    return (rss, threads)
  }
}
