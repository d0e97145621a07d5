import Foundation

/// The body of every pipeline event on RabbitMQ (`job.created`, `job.downloaded`, `job.translated`):
/// JSON `{"job": "doc-000001", "phase": "created", "ts": "…"}`.
public struct JobMessage: Codable, Sendable, Equatable {
  public var job: String
  public var phase: JobPhase
  public var ts: String

  public init(job: String, phase: JobPhase, ts: String) {
    self.job = job
    self.phase = phase
    self.ts = ts
  }

  public func encoded() -> [UInt8] {
    Array((try? JSONEncoder().encode(self)) ?? Data())
  }

  /// Decodes a body; a malformed one is an error the worker nacks without requeue (poison message).
  public static func decode(_ body: [UInt8]) throws -> JobMessage {
    try JSONDecoder().decode(JobMessage.self, from: Data(body))
  }
}
