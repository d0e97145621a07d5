import Foundation

/// Reads a pipe on its own thread and hands every complete line to a handler.
/// A last line without a newline is handed over at end of file.
final class LineReader: @unchecked Sendable {
  let handle: FileHandle
  private let handler: @Sendable (String) -> Void
  private let ended = DispatchSemaphore(value: 0)

  init(handle: FileHandle, handler: @escaping @Sendable (String) -> Void) {
    self.handle = handle
    self.handler = handler
  }

  func start() {
    let thread = Thread { [self] in run() }
    thread.name = "chaos-line-reader"
    thread.start()
  }

  private func run() {
    var pending = Data()
    while true {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      pending.append(chunk)
      while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = pending[pending.startIndex..<newline]
        handler(String(decoding: line, as: UTF8.self))
        pending.removeSubrange(pending.startIndex...newline)
      }
    }
    if !pending.isEmpty { handler(String(decoding: pending, as: UTF8.self)) }
    try? handle.close()
    ended.signal()
  }

  /// Waits up to `timeout` seconds for the end of file, after the last line was handed over.
  func waitForEnd(timeout: Double) -> Bool {
    guard ended.wait(timeout: .now() + timeout) == .success else { return false }
    ended.signal()  // let other waiters through too
    return true
  }
}
