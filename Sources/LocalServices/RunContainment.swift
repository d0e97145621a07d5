import CChildSpawn
import Foundation

/// Issue 19 item 2: everything a run starts stays reachable, and nothing outlives it.
///
/// `start()` (once, first thing in `chaos run`) forks a watchdog in a session of its own that holds
/// the read end of a pipe whose only writer is `chaos`; it then moves `chaos` into a cgroup v2 of its
/// own (`/sys/fs/cgroup/unified/chaos-run-ID`, where that hierarchy is writable) and puts
/// `CHAOS_RUN_ID=ID` in its environment, so that every process the run starts — services, workers,
/// their children that called setsid or setpgrp, the workload, the check — is in that cgroup and
/// carries that marker. When `chaos` ends, however it ends (exit, either Ctrl-C, SIGTERM, SIGHUP,
/// SIGKILL), the pipe closes and the watchdog writes `cgroup.kill` and then SIGKILLs every process
/// whose environment carries the marker (the fallback without cgroup v2, and for a process moved
/// out of the cgroup). `finish()` does the same at a run's ordinary end, before `chaos` exits.
public enum RunContainment {
  /// The environment variable every process of the run carries.
  public static let markerName = "CHAOS_RUN_ID"
  /// Where the run's cgroup is made (the cgroup v2 mount of a hybrid hierarchy).
  static let cgroupRoot = "/sys/fs/cgroup/unified"
  /// Bound: how long `finish()` waits for the run's processes to be gone (50 × 100 ms).
  static let finishPolls = 50

  nonisolated(unsafe) private static var state: (id: String, cgroup: String?)?

  /// What `start()` set up, for the console and the docs: "cgroup …" or "environment marker only".
  public static var description: String {
    guard let state else { return "not contained" }
    return state.cgroup.map { "cgroup \($0) + \(markerName)=\(state.id)" }
      ?? "\(markerName)=\(state.id) (no writable cgroup v2)"
  }

  /// Starts the watchdog, makes the cgroup and sets the marker. Call once, before the run starts anything.
  public static func start() {
    guard state == nil else { return }
    let id = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let cgroup = "\(cgroupRoot)/chaos-run-\(id)"
    var ends: [Int32] = [-1, -1]
    if chaos_pipe(&ends) == 0 {
      var pid: pid_t = 0
      if chaos_spawn_detached(watchdogScript(id: id, cgroup: cgroup), ends[0], &pid) != 0 {
        close(ends[1])
      }
      close(ends[0])
      // ends[1] stays open (close-on-exec) for as long as chaos lives: its closing is the signal.
    }
    removeEmptyLeftovers()
    state = (id, enter(cgroup) ? cgroup : nil)
    setenv(markerName, id, 1)
  }

  /// Kills every process of the run but `chaos` itself and waits (bounded) until they are gone.
  public static func finish() {
    guard let state else { return }
    for _ in 0..<finishPolls {
      let left = members(id: state.id, cgroup: state.cgroup)
      if left.isEmpty { return }
      for pid in left { kill(pid, SIGKILL) }
      usleep(100_000)
    }
  }

  /// The live (not zombie) processes in the cgroup or carrying the marker, other than `chaos`.
  static func members(id: String, cgroup: String?) -> [pid_t] {
    var found = Set(MarkedProcesses.find(markerName, id))
    if let cgroup, let procs = try? String(contentsOfFile: "\(cgroup)/cgroup.procs", encoding: .utf8) {
      for line in procs.split(separator: "\n") { if let pid = pid_t(line) { found.insert(pid) } }
    }
    let own = getpid()
    return found.filter { $0 != own && !MarkedProcesses.isZombie($0) }.sorted()
  }

  /// Removes the empty cgroups of ended runs (a watchdog killed before its `rmdir`); rmdir of one
  /// that still holds a process fails and leaves it.
  private static func removeEmptyLeftovers() {
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: cgroupRoot)) ?? []
    where entry.hasPrefix("chaos-run-") {
      rmdir("\(cgroupRoot)/\(entry)")
    }
  }

  /// Makes the cgroup and moves `chaos` (every thread) into it; false (and nothing left) if it cannot.
  private static func enter(_ cgroup: String) -> Bool {
    guard mkdir(cgroup, 0o755) == 0 else { return false }
    guard FileManager.default.fileExists(atPath: "\(cgroup)/cgroup.kill"),
      (try? String(getpid()).write(toFile: "\(cgroup)/cgroup.procs", atomically: false, encoding: .utf8))
        != nil
    else {
      rmdir(cgroup)
      return false
    }
    return true
  }

  /// The watchdog: waits for the pipe to close, kills the cgroup, then every process with the marker.
  static func watchdogScript(id: String, cgroup: String) -> String {
    """
    while read -r _; do :; done
    c='\(cgroup)'
    if [ -d "$c" ]; then
      echo 1 > "$c/cgroup.kill" 2>/dev/null
      i=0; while [ -n "$(cat "$c/cgroup.procs" 2>/dev/null)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
      rmdir "$c" 2>/dev/null
    fi
    for round in 1 2 3; do
      for e in /proc/[0-9]*/environ; do
        if tr '\\0' '\\n' < "$e" 2>/dev/null | grep -qx '\(markerName)=\(id)'; then
          p=${e#/proc/}; kill -KILL "${p%/environ}" 2>/dev/null
        fi
      done
    done
    """
  }
}
