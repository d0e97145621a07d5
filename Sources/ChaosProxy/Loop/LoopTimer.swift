import CLibevent

#if canImport(Glibc)
  import Glibc
#endif

/// A one-shot libevent timer on the loop; reschedulable, cancelled when released.
final class LoopTimer {
  private var event: OpaquePointer?
  private let action: () -> Void
  private(set) var isScheduled = false

  init(loop: EventLoop, action: @escaping () -> Void) {
    self.action = action
    event = event_new(
      loop.base, -1, 0,
      { _, _, context in
        let timer = Unmanaged<LoopTimer>.fromOpaque(context!).takeUnretainedValue()
        withExtendedLifetime(timer) {
          timer.isScheduled = false
          timer.action()
        }
      }, Unmanaged.passUnretained(self).toOpaque())
  }

  /// (Re)arms the timer to fire `milliseconds` from now (0 or less: on the next loop turn).
  func schedule(after milliseconds: Double) {
    let ms = max(milliseconds, 0)
    var interval = timeval(
      tv_sec: Int(ms / 1000), tv_usec: Int((ms.truncatingRemainder(dividingBy: 1000)) * 1000))
    event_add(event, &interval)
    isScheduled = true
  }

  func cancel() {
    event_del(event)
    isScheduled = false
  }

  deinit { event_free(event) }
}
