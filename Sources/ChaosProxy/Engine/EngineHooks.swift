import Foundation
import ProcessLifecycle

/// Where the engine reports what happens to links: diagnostic lines and link events. Read by every
/// loop thread (a link reports from the loop it lives on), set from any thread; hence the lock.
final class EngineHooks: @unchecked Sendable {
  private let lock = NSLock()
  private var diagnosticsHandler: (@Sendable (String) -> Void)?
  private var linkEventHandler: (@Sendable (LinkEvent) -> Void)?

  /// Where diagnostic lines go (an unreachable upstream, a failed reset); nil = stderr.
  func setDiagnostics(_ handler: (@Sendable (String) -> Void)?) {
    lock.lock()
    diagnosticsHandler = handler
    lock.unlock()
  }

  /// Where link events go as they happen (on the link's loop thread); nil = only the proxies' logs.
  func setLinkEventHandler(_ handler: (@Sendable (LinkEvent) -> Void)?) {
    lock.lock()
    linkEventHandler = handler
    lock.unlock()
  }

  /// Reports one diagnostic line (no trailing newline) to the handler or to stderr.
  func diagnose(_ line: String) {
    lock.lock()
    let handler = diagnosticsHandler
    lock.unlock()
    if let handler {
      handler(line)
    } else {
      StandardStream.error.write(line + "\n")
    }
  }

  func report(_ event: LinkEvent) {
    lock.lock()
    let handler = linkEventHandler
    lock.unlock()
    handler?(event)
  }
}
