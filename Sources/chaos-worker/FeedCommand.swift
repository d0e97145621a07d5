import ArgumentParser
import Foundation
import LogVocabulary
import Logging
import Pipeline
import ProcessLifecycle
import Resilience

/// `chaos-worker feed N [--rate R] [--seed S] [--first K]`: the built-in workload of the
/// pipeline (`workload: { jobs: N, rate: R }`, which the harness runs as this command, like any
/// workload command). Puts documents doc-K … doc-(K+N-1) in the inbox and the fed set, in the
/// order the seed shuffles them, at R per second with ±50 % jitter from the seed (all at once
/// without a rate), straight to Redis (`REDIS_URL`) with the resilient client; while Redis is
/// away it tries again every `--retry-every` seconds. Reports on stdout, one JSON line each:
/// `workload.fed` per batch (`ids`, `fed` so far, `of`), then `workload.finished` (exit 0) or,
/// on SIGTERM/SIGINT, `workload.stopped` with what was fed (exit 0).
struct FeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feed",
    abstract: "Put documents doc-000001 … doc-N in the inbox and the fed set, at a rate, in the seed's order."
  )

  @Argument(help: "How many documents.")
  var count: Int

  @Option(help: "Documents per second (0: all at once).")
  var rate: Double = 0

  @Option(help: "The seed that shuffles the order and draws the pacing (a scenario's `seed:`).")
  var seed: UInt64 = 1

  @Option(help: "Number of the first document.")
  var first = 1

  @Option(help: "Seconds between tries while Redis is away.")
  var retryEvery = 0.1

  @Option(help: "Unix time the pacing counts from (the scenario's time 0; default: now).")
  var timeZero: Double?

  func run() throws {
    guard count >= 0, first >= 0, rate >= 0, rate.isFinite else {
      throw ValidationError("the count, --first and --rate must be zero or more")
    }
    guard retryEvery > 0 && retryEvery <= 60 else {
      throw ValidationError("--retry-every must be in (0, 60] seconds")
    }
    var settings = try StartUpInput.read("chaos-worker feed") { try WorkerSettings() }
    // The workload is not under test: it retries at its own steady pace, with no breaker, and
    // its client stays quiet (its lines would read as a worker's trouble with Redis).
    settings.resilience.redis.reconnectInitialDelay = retryEvery
    settings.resilience.redis.reconnectMaxDelay = retryEvery
    settings.resilience.redis.reconnectMaxRetries = 3
    settings.resilience.redis.circuitFailureThreshold = 0
    WorkerLogging.bootstrap(worker: "feed")
    let logger = Logger(label: "feed")
    let stop = StopFlag()
    StopSignals.trap(stop)
    let quiet = Logger(label: "feed", factory: { _ in SwiftLogNoOpLogHandler() })
    let redis = RedisClient(settings: settings.resilience, logger: quiet)
    defer { redis.close() }
    // A batch in flight gets 2 s to go in; after that, closing the client ends a wait for Redis.
    stop.onStop(after: 2) { redis.close() }
    let plan = FeedPlan(count: count, rate: rate, seed: seed, first: first)
    let feeder = InboxFeeder(
      plan: plan, redis: redis, keys: settings.keys, stop: stop, retryEvery: retryEvery, timeZero: timeZero)
    let total = plan.entries.count
    let outcome = feeder.run { batch in
      logger.info(
        "\(LogEvent.workloadFed)",
        metadata: [
          "fed": .stringConvertible(batch.fed), "of": .stringConvertible(total),
          "ids": .array(batch.documents.map { .string($0) }), "elapsed_s": Self.seconds(batch.elapsed),
        ])
    }
    var fields: Logger.Metadata = [
      "fed": .stringConvertible(outcome.fed), "of": .stringConvertible(total),
      "elapsed_s": Self.seconds(outcome.elapsed),
    ]
    if let reason = outcome.stoppedBy {
      fields["reason"] = .string(reason)
      logger.info("\(LogEvent.workloadStopped)", metadata: fields)
    } else {
      logger.info("\(LogEvent.workloadFinished)", metadata: fields)
    }
  }

  /// Seconds with millisecond precision, as a JSON number.
  private static func seconds(_ value: Double) -> Logger.MetadataValue {
    .stringConvertible((value * 1000).rounded() / 1000)
  }
}
