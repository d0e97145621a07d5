#if canImport(Glibc)
  import Glibc
#endif

/// Monotonic time in milliseconds, the time base of toxics.
enum Clock {
  static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
  }
}
