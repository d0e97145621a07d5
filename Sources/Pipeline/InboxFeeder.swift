import Foundation
import LogVocabulary
import ProcessLifecycle
import Resilience

/// Feeds a ``FeedPlan`` into the pipeline's inbox on the caller's thread, at the plan's pace:
/// each batch of documents due by now (at most 500) is first added to the `fed` set (`SADD
/// <prefix>fed`, so the checker knows what to look for) and then pushed into the inbox (`LPUSH
/// <prefix>inbox`), and then reported. When Redis is away (a restart in the timeline, a cold
/// start) the resilient client reconnects and the batch is tried again every `retryEvery`
/// seconds until it goes in, so every document goes in once as far as the feeder can tell (a
/// reply lost with the connection may push a batch twice: the workers' completion is idempotent).
/// It stops early when `stop` is set (SIGTERM), between batches. The plan's offsets count from
/// `timeZero` when given (the scenario's time 0, which came a moment before this process started),
/// else from the start of ``run(fedBatch:)``.
public struct InboxFeeder {
  /// What happened to a batch: the documents, and how many were fed in all, after it went in.
  public struct Batch: Sendable, Equatable {
    public var documents: [String]
    public var fed: Int
    /// Seconds since the feed started.
    public var elapsed: Double
  }

  /// How the feed ended.
  public struct Outcome: Sendable, Equatable {
    public var fed: Int
    public var elapsed: Double
    /// The stop flag's reason when it ended early (`SIGTERM`), nil when every document went in.
    public var stoppedBy: String?
  }

  /// The largest batch: SADD and LPUSH take this many documents at a time.
  public static let batchLimit = 500

  public let plan: FeedPlan
  public let redis: RedisClient
  public let keys: KeySpace
  public let stop: StopFlag
  public let retryEvery: Double
  /// Unix time the offsets count from; nil: the start of the run.
  public let timeZero: Double?

  public init(
    plan: FeedPlan, redis: RedisClient, keys: KeySpace, stop: StopFlag, retryEvery: Double = 0.1,
    timeZero: Double? = nil
  ) {
    self.plan = plan
    self.redis = redis
    self.keys = keys
    self.stop = stop
    self.retryEvery = retryEvery
    self.timeZero = timeZero
  }

  /// Adds each document to the fed set and, only when it was not there yet, to the inbox.
  static let pushOnce = """
    for _, document in ipairs(ARGV) do
      if redis.call('SADD', KEYS[1], document) == 1 then redis.call('LPUSH', KEYS[2], document) end
    end
    return #ARGV
    """

  /// Feeds every document (or until `stop` is set), calling `fedBatch` after each batch went in.
  public func run(fedBatch: (Batch) -> Void) -> Outcome {
    // Seconds since time 0 when the run starts (never negative, at most a minute: a wrong clock
    // must not skip the pacing), then the monotonic clock.
    let before = timeZero.map { min(max(Date().timeIntervalSince1970 - $0, 0), 60) } ?? 0
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { before + Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    let entries = plan.entries
    var next = 0
    while next < entries.count && !stop.isSet {
      let wait = entries[next].offset - elapsed()
      if wait > 0 {
        stop.sleep(min(wait, 0.25))
        continue
      }
      let now = elapsed()
      var end = next
      while end < entries.count && entries[end].offset <= now && end - next < Self.batchLimit { end += 1 }
      let batch = entries[next..<end].map(\.document)
      do {
        // One atomic, idempotent step: a batch whose reply was lost in a restart (written, then the
        // link reset) is retried without pushing any document twice.
        try redis.eval(Self.pushOnce, keys: [keys.fed, keys.inbox], arguments: batch)
        next = end
        fedBatch(Batch(documents: batch, fed: next, elapsed: elapsed()))
      } catch {
        stop.sleep(retryEvery)
      }
    }
    return Outcome(fed: next, elapsed: elapsed(), stoppedBy: next < entries.count ? stop.reason : nil)
  }
}
