import Foundation

/// How long each thread of a process has waited on a run queue — runnable, not running — since it
/// started: the second field of `/proc/PID/task/TID/schedstat` (nanoseconds). The kernel's witness
/// of a machine too busy to run a worker when its timer fired, which no log line of the worker can
/// give. Time the whole virtual machine was descheduled by its host (steal) is not in it.
enum RunQueueWait {
  /// Thread id → seconds waited so far, for every thread of `pid` now; empty when the process is gone.
  static func threads(of pid: Int32) -> [String: Double] {
    let directory = "/proc/\(pid)/task"
    var waits: [String: Double] = [:]
    for thread in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
      guard let text = try? String(contentsOfFile: "\(directory)/\(thread)/schedstat", encoding: .utf8) else {
        continue
      }
      let fields = text.split(whereSeparator: \.isWhitespace)
      guard fields.count >= 2, let nanoseconds = UInt64(fields[1]) else { continue }
      waits[thread] = Double(nanoseconds) / 1e9
    }
    return waits
  }

  /// The longest any one thread present in both samples waited between them (seconds); nil when
  /// either sample is missing or they share no thread. One thread, not the sum: the thread that was
  /// late (unknown from outside) waited at most this long.
  static func longest(from earlier: [String: Double]?, to later: [String: Double]?) -> Double? {
    guard let earlier, let later else { return nil }
    let waited = later.compactMap { thread, wait in earlier[thread].map { max(0, wait - $0) } }
    return waited.max()
  }
}
