import Foundation
import LogVocabulary
import Resilience

/// The job model in Redis: `job:{id}` hashes, the documents, the inbox and the completion record.
/// Every write is idempotent, so a redelivered message or a re-scanned document changes nothing
/// that is already stored.
public struct JobStore: Sendable {
  public let redis: RedisClient
  public let keys: KeySpace

  public init(redis: RedisClient, keys: KeySpace) {
    self.redis = redis
    self.keys = keys
  }

  /// List of documents the scanner took from the inbox and has not yet published.
  var scanning: String { keys.prefix + "scanning" }

  /// Moves the next document from the inbox to the scanner's in-progress list (RPOPLPUSH), so a
  /// scanner that dies before publishing leaves it there to be picked up again.
  public func takeFromInbox() throws -> String? {
    try redis.raw(["RPOPLPUSH", keys.inbox, scanning]).stringValue
  }

  /// Documents taken from the inbox but not yet published (a crash, a failed publish).
  public func unfinishedScans() throws -> [String] {
    try redis.raw(["LRANGE", scanning, 0, -1]).arrayValue?.compactMap(\.stringValue) ?? []
  }

  public func finishScan(_ id: String) throws {
    _ = try redis.raw(["LREM", scanning, 1, id])
  }

  /// Creates `job:{id}` in phase `created` unless it exists; returns true when it was new.
  public func createJob(_ id: String, now: String) throws -> Bool {
    let created = try redis.raw(["HSETNX", keys.job(id), "phase", JobPhase.created.rawValue]).intValue == 1
    if created {
      _ = try redis.hset(keys.job(id), ["id": id, "created_at": now, "attempts": "0"])
    }
    return created
  }

  /// The job's fields; empty when it does not exist.
  public func job(_ id: String) throws -> [String: String] {
    try redis.hgetall(keys.job(id))
  }

  public func phase(of job: [String: String]) -> JobPhase? {
    job["phase"].flatMap(JobPhase.init(rawValue:))
  }

  /// Stores the downloaded content and moves the job to `downloaded` (only forwards).
  public func storeDownload(_ id: String, content: String, now: String) throws {
    _ = try redis.set(keys.content(id), content)
    _ = try redis.hincrby(keys.job(id), "attempts")
    try advance(
      id, to: .downloaded,
      fields: ["downloaded_at": now, "content_checksum": Checksum.fnv1a(content)])
  }

  public func content(_ id: String) throws -> String? {
    try redis.get(keys.content(id))
  }

  /// Stores the translation and its checksum and moves the job to `translated` (only forwards).
  public func storeTranslation(_ id: String, translation: String, now: String) throws {
    _ = try redis.set(keys.translation(id), translation)
    try advance(
      id, to: .translated, fields: ["translated_at": now, "checksum": Checksum.fnv1a(translation)])
  }

  public func translation(_ id: String) throws -> String? {
    try redis.get(keys.translation(id))
  }

  /// Marks the job done and records the completion, atomically and once: returns false when the
  /// job was already done (a redelivery), in which case nothing is written.
  public func completeOnce(_ id: String, now: String) throws -> Bool {
    let script = """
      if redis.call('HGET', KEYS[1], 'phase') == 'done' then return 0 end
      redis.call('HSET', KEYS[1], 'phase', 'done', 'done_at', ARGV[2])
      redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      return 1
      """
    return try redis.eval(script, keys: [keys.job(id), keys.completions], arguments: [id, now]).intValue == 1
  }

  /// Sets the phase to `phase` unless the job is already at or past it, plus `fields`, atomically.
  private func advance(_ id: String, to phase: JobPhase, fields: [String: String]) throws {
    let order = JobPhase.allCases.map(\.rawValue)
    let script = """
      local order = {\(order.map { "'\($0)'" }.joined(separator: ","))}
      local rank = {}
      for i, name in ipairs(order) do rank[name] = i end
      local current = redis.call('HGET', KEYS[1], 'phase')
      if current and rank[current] and rank[current] >= rank[ARGV[1]] then return 0 end
      redis.call('HSET', KEYS[1], 'phase', ARGV[1])
      for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
      return 1
      """
    var arguments: [any RedisArgument] = [phase.rawValue]
    for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
      arguments.append(key)
      arguments.append(value)
    }
    _ = try redis.eval(script, keys: [keys.job(id)], arguments: arguments)
  }
}
