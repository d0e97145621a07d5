import Foundation
import LocalServices
import ProcessLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Signals caught since the trap was installed, and the last one; written only by the handler.
nonisolated(unsafe) private var caughtSignals: sig_atomic_t = 0
nonisolated(unsafe) private var lastCaughtSignal: sig_atomic_t = 0

/// Turns SIGINT and SIGTERM into an ``InterruptFlag`` so that `chaos run` tears down what it
/// started instead of dying with children left behind. A second signal while tearing down stops
/// every child at once (``ChildRegistry``) and exits with 130.
///
/// The handler itself only counts (async-signal-safe); a watcher thread turns the count into the
/// flag. (libdispatch signal sources do not see ignored signals on Linux, hence the plain handler.)
public final class SignalTrap: @unchecked Sendable {
  private let lock = NSLock()
  private var watching = false

  public init() {}

  /// Starts trapping; the flag is set with `SIGINT` or `SIGTERM` as the reason.
  public func install(_ flag: InterruptFlag) {
    caughtSignals = 0
    for number in [SIGINT, SIGTERM] {
      signal(number) { number in
        caughtSignals += 1
        lastCaughtSignal = number
      }
    }
    lock.lock()
    watching = true
    lock.unlock()
    let thread = Thread { [self] in watch(flag) }
    thread.name = "chaos-signal-trap"
    thread.start()
  }

  private var isWatching: Bool {
    lock.lock()
    defer { lock.unlock() }
    return watching
  }

  private func watch(_ flag: InterruptFlag) {
    var handled: sig_atomic_t = 0
    while isWatching {
      let seen = caughtSignals
      if seen > handled {
        let name = lastCaughtSignal == SIGINT ? "SIGINT" : "SIGTERM"
        if handled == 0 {
          StandardStream.error.write("\n\(name): stopping everything this run started…\n")
          flag.interrupt(name)
        } else {
          StandardStream.error.write("\(name) again: killing every child now\n")
          ChildRegistry.shared.terminateAll(grace: 1)
          exit(130)
        }
        handled = seen
      }
      usleep(20_000)
    }
  }

  /// Restores the default handlers and stops watching.
  public func uninstall() {
    lock.lock()
    watching = false
    lock.unlock()
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
