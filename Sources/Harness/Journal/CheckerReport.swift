/// What `chaos-worker check --expect N --json` reported: the pipeline's state in Redis and RabbitMQ.
public struct CheckerReport: Sendable, Equatable, Codable {
  /// Jobs in a phase before `done`.
  public struct Stuck: Sendable, Equatable, Codable {
    public var created: Int
    public var downloaded: Int
    public var translated: Int

    public init(created: Int = 0, downloaded: Int = 0, translated: Int = 0) {
      self.created = created
      self.downloaded = downloaded
      self.translated = translated
    }

    public var total: Int { created + downloaded + translated }
  }

  public var fed: Int
  public var done: Int
  public var stuck: Stuck
  public var lost: Int
  public var duplicates: Int
  /// Messages left in each queue.
  public var queues: [String: Int]

  public init(
    fed: Int, done: Int, stuck: Stuck = Stuck(), lost: Int, duplicates: Int, queues: [String: Int] = [:]
  ) {
    self.fed = fed
    self.done = done
    self.stuck = stuck
    self.lost = lost
    self.duplicates = duplicates
    self.queues = queues
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fed = try container.decode(Int.self, forKey: .fed)
    done = try container.decode(Int.self, forKey: .done)
    stuck = try container.decodeIfPresent(Stuck.self, forKey: .stuck) ?? Stuck()
    lost = try container.decode(Int.self, forKey: .lost)
    duplicates = try container.decode(Int.self, forKey: .duplicates)
    queues = try container.decodeIfPresent([String: Int].self, forKey: .queues) ?? [:]
  }

  /// `fed 300, done 300, stuck 0 (created 0, downloaded 0, translated 0), lost 0, duplicates 0`.
  public var summary: String {
    "fed \(fed), done \(done), stuck \(stuck.total) (created \(stuck.created), downloaded \(stuck.downloaded), "
      + "translated \(stuck.translated)), lost \(lost), duplicates \(duplicates)"
  }
}

/// One run of the pipeline checker: its report, or why there is none.
public struct CheckerRun: Sendable, Equatable, Codable {
  /// Seconds since the workload started.
  public var time: Double
  public var exitStatus: Int32?
  public var report: CheckerReport?
  /// The checker's output when it could not be decoded, or the error that kept it from running.
  public var problem: String?

  public init(time: Double, exitStatus: Int32?, report: CheckerReport?, problem: String?) {
    self.time = time
    self.exitStatus = exitStatus
    self.report = report
    self.problem = problem
  }
}
