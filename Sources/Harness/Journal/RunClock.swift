import Foundation

/// The run's monotonic clock, in seconds. Immune to wall-clock jumps; the origin is the clock's creation.
public struct RunClock: Sendable {
  private let origin: UInt64

  public init() {
    origin = DispatchTime.now().uptimeNanoseconds
  }

  /// Seconds since the clock was created.
  public func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - origin) / 1_000_000_000
  }
}
