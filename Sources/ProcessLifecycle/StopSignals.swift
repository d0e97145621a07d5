import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The write end of the self-pipe the signal handler writes to (-1 before ``StopSignals/trap``).
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// SIGINT, SIGTERM and SIGHUP (a closed terminal, a CI runner's hang-up) set a ``StopFlag``
/// instead of killing the process, so that it tears down what it started. After each signal
/// `then` learns its name and how many have come (chaos: the second one stops every child at once
/// and exits 130).
///
/// The handler only writes the signal number to a pipe (async-signal-safe); a thread reads the
/// pipe and sets the flag. A plain handler, not a libdispatch signal source: those need the signal
/// ignored first, and an ignored signal is discarded by Linux before signalfd can see it.
/// One pipe and one reader thread per process; each ``trap(_:then:)`` names the flag to set.
public enum StopSignals {
  /// The signals that stop chaos and its workers.
  public static let numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  private static let state = TrapState()

  /// From now on the signals set `flag` (with the signal's name as reason), then call `then`
  /// with the name and the count of signals so far (1 for the one that set the flag).
  public static func trap(_ flag: StopFlag, then: (@Sendable (_ name: String, _ count: Int) -> Void)? = nil) {
    state.replace(flag: flag, then: then)
    state.installOnce()
  }

  /// The signals act as before ``trap(_:then:)`` again (they end the process).
  public static func untrap() {
    state.uninstall()
  }

  /// The name of a stop signal: "SIGINT", "SIGTERM", "SIGHUP".
  public static func name(_ number: Int32) -> String {
    switch number {
    case SIGINT: return "SIGINT"
    case SIGTERM: return "SIGTERM"
    case SIGHUP: return "SIGHUP"
    default: return "signal \(number)"
    }
  }

  private final class TrapState: @unchecked Sendable {
    private let lock = NSLock()
    private var flag: StopFlag?
    private var then: (@Sendable (String, Int) -> Void)?
    private var installed = false
    private var seen = 0

    func replace(flag: StopFlag, then: (@Sendable (String, Int) -> Void)?) {
      lock.lock()
      defer { lock.unlock() }
      self.flag = flag
      self.then = then
      seen = 0
    }

    func uninstall() {
      lock.lock()
      defer { lock.unlock() }
      flag = nil
      then = nil
      for number in StopSignals.numbers { signal(number, SIG_DFL) }
    }

    /// The pipe and its reader thread once per process; the handlers on every call.
    func installOnce() {
      lock.lock()
      defer { lock.unlock() }
      if !installed {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        installed = true
        signalPipe = ends[1]
        let readEnd = ends[0]
        let thread = Thread { [self] in watch(readEnd) }
        thread.name = "chaos-stop-signals"
        thread.start()
      }
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { number in
        var byte = UInt8(truncatingIfNeeded: number)
        _ = write(signalPipe, &byte, 1)
      }
      action.sa_flags = SA_RESTART
      sigemptyset(&action.sa_mask)
      for number in StopSignals.numbers { sigaction(number, &action, nil) }
    }

    private func watch(_ descriptor: Int32) {
      var byte: UInt8 = 0
      while true {
        let got = read(descriptor, &byte, 1)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 { return }
        let name = StopSignals.name(Int32(byte))
        lock.lock()
        seen += 1
        let count = seen
        let flag = self.flag
        let then = self.then
        lock.unlock()
        flag?.set(name)
        then?(name, count)
      }
    }
  }
}
