import Foundation

/// The process metrics every Prometheus client library exports (`process_*`), read from /proc:
/// what `-runtime-metrics` adds (Toxiproxy's adds Go's own besides; we have no Go runtime).
struct ProcessMetrics {
  var cpuSeconds: Double
  var residentBytes: Double
  var virtualBytes: Double
  var openFDs: Double
  var maxFDs: Double
  var startTimeSeconds: Double

  /// Nil where /proc is missing.
  static func read() -> ProcessMetrics? {
    guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    // Fields after "(comm)": state is field 3; utime 14, stime 15, starttime 22, vsize 23, rss 24.
    let fields = stat[stat.index(after: close)...].split(separator: " ").map(String.init)
    func field(_ number: Int) -> Double { Double(fields.count > number - 3 ? fields[number - 3] : "") ?? 0 }
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
    var bootTime = 0.0
    if let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
    {
      bootTime = Double(line.split(separator: " ").last ?? "") ?? 0
    }
    let openFDs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    return ProcessMetrics(
      cpuSeconds: (field(14) + field(15)) / ticks, residentBytes: field(24) * pageSize,
      virtualBytes: field(23),
      openFDs: Double(openFDs), maxFDs: Double(limit.rlim_cur), startTimeSeconds: bootTime + field(22) / ticks
    )
  }

  func write(to page: inout PrometheusText) {
    page.family(
      "process_cpu_seconds_total", .counter, help: "User and system CPU time spent in seconds.",
      [([], cpuSeconds)])
    page.family(
      "process_resident_memory_bytes", .gauge, help: "Resident memory size in bytes.", [([], residentBytes)])
    page.family(
      "process_virtual_memory_bytes", .gauge, help: "Virtual memory size in bytes.", [([], virtualBytes)])
    page.family("process_open_fds", .gauge, help: "Number of open file descriptors.", [([], openFDs)])
    page.family("process_max_fds", .gauge, help: "Maximum number of open file descriptors.", [([], maxFDs)])
    page.family(
      "process_start_time_seconds", .gauge, help: "Start time of the process since unix epoch in seconds.",
      [([], startTimeSeconds)])
  }
}
