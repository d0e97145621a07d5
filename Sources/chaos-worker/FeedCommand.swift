import ArgumentParser
import Foundation
import Logging
import Pipeline
import Resilience

/// `chaos-worker feed N`: puts N documents in the inbox (for a manual run without the harness).
struct FeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feed", abstract: "Put documents doc-000001 … doc-N in the inbox and the fed set.")

  @Argument(help: "How many documents.")
  var count: Int

  @Option(help: "Number of the first document.")
  var first = 1

  func run() throws {
    guard count >= 0, first >= 0 else { throw ValidationError("counts must be zero or more") }
    let settings = try WorkerSettings()
    let quiet = Logger(label: "feed", factory: { _ in SwiftLogNoOpLogHandler() })
    let redis = RedisClient(settings: settings.resilience, logger: quiet)
    defer { redis.close() }
    try redis.connect()
    let ids = (first..<(first + count)).map { DocumentID.make($0) }
    for batch in stride(from: 0, to: ids.count, by: 500) {
      let slice = Array(ids[batch..<min(batch + 500, ids.count)])
      _ = try redis.sadd(settings.keys.fed, slice)
      _ = try redis.lpush(settings.keys.inbox, values: slice)
    }
    print("fed \(ids.count) documents")
  }
}
