import Foundation
import LocalServices
import ProcessLifecycle

/// `chaos run` and `chaos soak` on SIGINT, SIGTERM or SIGHUP: the first signal stops the run, which
/// tears down what it started; a second one stops every child at once and exits with 130.
enum RunSignals {
  static func trap(_ flag: StopFlag) {
    StopSignals.trap(flag) { name, count in
      if count == 1 {
        StandardStream.error.line("\n\(name): stopping everything this run started…")
      } else {
        StandardStream.error.line("\(name) again: killing every child now")
        ChildRegistry.shared.terminateAll(grace: 1)
        exit(130)
      }
    }
  }
}
