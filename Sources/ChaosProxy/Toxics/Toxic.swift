/// Bytes that reach a point of a toxic chain at a time (milliseconds on the monotonic clock).
struct Chunk: Equatable {
  var bytes: [UInt8]
  var at: Double
}

/// What a toxic can do to the whole link, at a time.
enum LinkAction: Equatable {
  /// Close both sides (FIN).
  case close(at: Double)
  /// Reset the client side (TCP RST via SO_LINGER 0), close the server side.
  case reset(at: Double)
}

/// The result of a toxic on one chunk: the chunks it lets through (possibly later, split or
/// truncated) and what it does to the link.
struct ToxicOutput: Equatable {
  var chunks: [Chunk] = []
  var actions: [LinkAction] = []
}

/// One toxic acting on one direction of one link. Pure logic over timed chunks: the link wrapper
/// feeds it chunks as they are read and delivers what comes out at the times it says.
protocol Toxic: AnyObject {
  /// Called once when the toxic starts acting on the link at `now` (ms): timers it sets on the link.
  func attach(now: Double) -> [LinkAction]
  /// Transforms one chunk that reaches this toxic at `chunk.at`.
  func transform(_ chunk: Chunk) -> ToxicOutput
  /// How long the link waits before closing once the source closed (slow_close), in ms.
  var closeDelay: Double { get }
  /// Whether removing the toxic closes the link (timeout: the swallowed data is gone).
  var closesOnRemoval: Bool { get }
}

extension Toxic {
  func attach(now: Double) -> [LinkAction] { [] }
  func transform(_ chunk: Chunk) -> ToxicOutput { ToxicOutput(chunks: [chunk]) }
  var closeDelay: Double { 0 }
  var closesOnRemoval: Bool { false }
}
