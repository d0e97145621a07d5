import Dispatch
import Foundation
import LocalServices

#if canImport(Glibc)
  import Glibc
#endif

/// Turns SIGINT and SIGTERM into an ``InterruptFlag`` so that `chaos run` tears down what it
/// started instead of dying with children left behind. A second signal while tearing down stops
/// every child at once (``ChildRegistry``) and exits with 130.
public final class SignalTrap: @unchecked Sendable {
  private var sources: [DispatchSourceSignal] = []
  private let lock = NSLock()
  private var count = 0

  public init() {}

  /// Starts trapping; the flag is set with `SIGINT` or `SIGTERM` as the reason.
  public func install(_ flag: InterruptFlag) {
    for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in
        guard let self else { return }
        lock.lock()
        count += 1
        let seen = count
        lock.unlock()
        if seen == 1 {
          FileHandle.standardError.write(Data("\n\(name): stopping everything this run started…\n".utf8))
          flag.interrupt(name)
        } else {
          FileHandle.standardError.write(Data("\(name) again: killing every child now\n".utf8))
          ChildRegistry.shared.terminateAll(grace: 1)
          exit(130)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  /// Restores the default handlers.
  public func uninstall() {
    for source in sources { source.cancel() }
    sources.removeAll()
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
