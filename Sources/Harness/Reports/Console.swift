import Foundation
import ProcessLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Where a run talks to the user: whole lines (timeline steps, results) and a progress line that
/// is redrawn in place on a terminal, or printed as a plain line every few seconds otherwise.
public final class Console: @unchecked Sendable {
  private let lock = NSLock()
  private let write: @Sendable (String) -> Void
  private let interactive: Bool
  private var progress: String?
  private var lastPlainProgress = -Double.infinity
  private let clock = RunClock()

  /// - Parameters:
  ///   - interactive: redraw the progress line in place (stdout is a terminal).
  ///   - write: receives text exactly as it should appear (with newlines).
  public init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
    self.interactive = interactive
    self.write = write
  }

  /// Standard output; interactive when it is a terminal. Once the reader has gone away
  /// (`chaos run … | head -2`) nothing more is written and `closed` is called, once.
  public static func standardOutput(closed: @escaping @Sendable () -> Void = {}) -> Console {
    Console(interactive: isatty(STDOUT_FILENO) == 1) { text in
      let wasOpen = !StandardStream.output.isClosed
      if !StandardStream.output.write(text), wasOpen { closed() }
    }
  }

  /// Collects everything in memory (tests, `--quiet`).
  public static func discard() -> Console {
    Console(interactive: false) { _ in }
  }

  /// Prints a whole line (clearing and then redrawing the progress line on a terminal).
  public func line(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    if interactive, progress != nil {
      write("\r\u{1B}[2K" + text + "\n" + (progress ?? ""))
    } else {
      write(text + "\n")
    }
  }

  /// Shows the progress line: in place on a terminal, else at most every `plainInterval` seconds.
  public func progress(_ text: String, plainInterval: Double = 5) {
    lock.lock()
    defer { lock.unlock() }
    if interactive {
      progress = text
      write("\r\u{1B}[2K" + text)
    } else if clock.now() - lastPlainProgress >= plainInterval {
      lastPlainProgress = clock.now()
      write(text + "\n")
    }
  }

  /// Ends the progress line (its last state stays on screen).
  public func endProgress(_ text: String? = nil) {
    lock.lock()
    defer { lock.unlock() }
    if interactive {
      if let text { write("\r\u{1B}[2K" + text) }
      if progress != nil || text != nil { write("\n") }
    } else if let text {
      write(text + "\n")
    }
    progress = nil
  }
}
