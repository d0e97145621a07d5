import Foundation

/// The console of one scenario of `chaos run -j N`: its lines are kept and printed on the suite's
/// console as one block when the scenario ends (``flush()``), so that scenarios running at the same
/// time do not interleave; its progress lines go to the suite's console at once, prefixed with the
/// scenario's name, at most one every 5 s.
public final class ScenarioBlock: Sendable {
  private let kept = KeptText()
  private let suite: Console
  /// The console to give the scenario.
  public let console: Console

  public init(name: String, suite: Console) {
    self.suite = suite
    let kept = kept
    console = Console(
      interactive: false, progressWrite: { suite.line("  ⋯ \(name): \($0)") }, write: { kept.append($0) })
  }

  /// Prints everything the scenario wrote so far as one block, and forgets it.
  public func flush() {
    let block = kept.take()
    guard !block.isEmpty else { return }
    suite.line(block.hasSuffix("\n") ? String(block.dropLast()) : block)
  }

  /// Text written by the scenario and not printed yet.
  private final class KeptText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ written: String) {
      lock.lock()
      defer { lock.unlock() }
      text += written
    }

    func take() -> String {
      lock.lock()
      defer { lock.unlock() }
      let taken = text
      text = ""
      return taken
    }
  }
}
