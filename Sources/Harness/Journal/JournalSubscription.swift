/// A subscription to a journal's worker lines; ``cancel()`` ends it.
public final class JournalSubscription: Sendable {
  private let onCancel: @Sendable () -> Void

  init(onCancel: @escaping @Sendable () -> Void) {
    self.onCancel = onCancel
  }

  public func cancel() {
    onCancel()
  }
}
