import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Standard output or standard error, written with `write(2)` so that a reader that went away
/// (`chaos run … | head -2`) is an answer, not a crash: Foundation's `FileHandle.write(_:)` traps
/// on EPIPE, and the default SIGPIPE action kills the process.
///
/// Once a write fails the stream is closed for good: later writes are dropped and return false.
public final class StandardStream: @unchecked Sendable {
  public static let output = StandardStream(descriptor: STDOUT_FILENO)
  public static let error = StandardStream(descriptor: STDERR_FILENO)

  private let descriptor: Int32
  private let lock = NSLock()
  private var closed = false

  private init(descriptor: Int32) {
    self.descriptor = descriptor
    StandardStream.ignoreBrokenPipe()
  }

  /// SIGPIPE ignored for the whole process: a write to a closed pipe or socket returns EPIPE.
  public static func ignoreBrokenPipe() {
    signal(SIGPIPE, SIG_IGN)
  }

  /// Whether a write has failed (the reader closed its end).
  public var isClosed: Bool {
    lock.lock()
    defer { lock.unlock() }
    return closed
  }

  /// Writes all of `text`; false when the stream is (or just became) closed.
  @discardableResult
  public func write(_ text: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if closed { return false }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 {
        closed = true
        return false
      }
      offset += written
    }
    return true
  }

  /// Writes `text` and a newline.
  @discardableResult
  public func line(_ text: String) -> Bool { write(text + "\n") }
}
