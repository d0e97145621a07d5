import CLibevent
import Foundation

/// One libevent `event_base` running on its own thread. Everything that touches libevent objects
/// runs on that thread; other threads hand work over with ``sync(_:)`` or ``async(_:)`` (a locked
/// queue plus `event_active` on a user event, which is thread-safe with `evthread_use_pthreads`).
final class EventLoop: @unchecked Sendable {
  let base: OpaquePointer
  /// Flat memory for one read on the loop thread: what a link without toxics receives goes from
  /// here straight to `send(2)` (no evbuffer chain allocated and freed per message).
  let readBuffer: UnsafeMutableRawPointer
  static let readBufferSize = 65536
  private let lock = NSLock()
  private var jobs: [() -> Void] = []
  private var wake: OpaquePointer?
  private var loopThread: pthread_t?
  private let finished = DispatchSemaphore(value: 0)
  private var stopped = false

  private static let threading: Bool = evthread_use_pthreads() == 0

  init() throws {
    // Writes to a peer that is gone must fail with EPIPE, not kill the process.
    signal(SIGPIPE, SIG_IGN)
    guard Self.threading, let base = event_base_new() else {
      throw ProxyError.system("libevent: cannot create an event base")
    }
    self.base = base
    readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
    let context = Unmanaged.passUnretained(self).toOpaque()
    wake = event_new(
      base, -1, Int16(EV_PERSIST),
      { _, _, context in
        Unmanaged<EventLoop>.fromOpaque(context!).takeUnretainedValue().runJobs()
      }, context)
    event_add(wake, nil)
    let started = DispatchSemaphore(value: 0)
    let thread = Thread { [self] in
      loopThread = pthread_self()
      started.signal()
      event_base_loop(self.base, EVLOOP_NO_EXIT_ON_EMPTY)
      finished.signal()
    }
    thread.name = "chaos-proxy-loop"
    thread.start()
    started.wait()
  }

  /// Whether the caller runs on the loop thread.
  var isCurrent: Bool {
    guard let loopThread else { return false }
    return pthread_equal(loopThread, pthread_self()) != 0
  }

  /// Runs `job` on the loop thread soon. Dropped when the loop has stopped.
  func async(_ job: @escaping () -> Void) {
    lock.lock()
    if stopped {
      lock.unlock()
      return
    }
    jobs.append(job)
    lock.unlock()
    event_active(wake, EV_READ, 0)
  }

  /// Runs `body` on the loop thread and waits for its result (inline when already on it).
  func sync<T>(_ body: @escaping () throws -> T) throws -> T {
    if isCurrent { return try body() }
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    lock.lock()
    if stopped {
      lock.unlock()
      throw ProxyError.shutDown
    }
    jobs.append {
      box.result = Result { try body() }
      done.signal()
    }
    lock.unlock()
    event_active(wake, EV_READ, 0)
    done.wait()
    return try box.result!.get()
  }

  private func runJobs() {
    lock.lock()
    let batch = jobs
    jobs.removeAll()
    lock.unlock()
    for job in batch { job() }
  }

  /// Runs `last` on the loop thread, then stops the loop and waits for its thread to end.
  func stop(after last: @escaping () -> Void) {
    if isCurrent { return }
    lock.lock()
    if stopped {
      lock.unlock()
      return
    }
    jobs.append { [base] in
      last()
      event_base_loopbreak(base)
    }
    stopped = true
    lock.unlock()
    event_active(wake, EV_READ, 0)
    finished.wait()
    runJobs()
    event_free(wake)
    wake = nil
  }

  deinit {
    if let wake { event_free(wake) }
    readBuffer.deallocate()
    event_base_free(base)
  }
}

private final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}
