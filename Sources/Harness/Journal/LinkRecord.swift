/// One link event of a proxy in the journal (the wire witness): accept, upstream connect, first
/// successful exchange, close, or an attempt reset during a cut — with the worker process whose
/// socket it was.
///
/// `kind` is the proxy's ``ChaosProxy/LinkEvent/Kind``: `accepted`, `connected`, `connect-failed`,
/// `ready` (AMQP `connection.open-ok`), `exchange` (the first non-error RESP reply; AMQP the first
/// `basic.deliver`, client `basic.ack` or publisher confirm — `detail` says which), `tap-stopped`
/// (the tap stopped decoding the link; `detail`: why), `closed`,
/// `refused` (accepted and reset while the proxy was cut).
public struct LinkRecord: Sendable, Equatable, Codable {
  /// Seconds since the workload started (the journal's clock, stamped as the event happened).
  public var time: Double
  public var proxy: String
  /// The service behind the proxy.
  public var service: String
  /// The link's number within its proxy.
  public var link: Int
  public var kind: String
  /// The client's `host:port`.
  public var client: String
  /// The worker instance whose process (or a descendant of it) owned the client socket; nil for a
  /// client the harness did not start (an external worker): see ``owner``.
  public var instance: String?
  public var generation: Int?
  public var pid: Int32?
  public var detail: String?
  /// Accepts and refused attempts: milliseconds the attribution (procfs lookup) took.
  public var lookupMs: Double?
  /// Accepts and refused attempts of a process the harness started: how long each of its threads
  /// (by thread id) had waited for a CPU so far, in seconds (``RunQueueWait``). Between two
  /// attempts it says whether the machine, not the schedule, made the later one late.
  public var runQueueWait: [String: Double]?

  public init(
    time: Double, proxy: String, service: String, link: Int, kind: String, client: String,
    instance: String? = nil, generation: Int? = nil, pid: Int32? = nil, detail: String? = nil
  ) {
    self.time = time
    self.proxy = proxy
    self.service = service
    self.link = link
    self.kind = kind
    self.client = client
    self.instance = instance
    self.generation = generation
    self.pid = pid
    self.detail = detail
  }

  /// Who made the link: the worker instance, or `client HOST` for a process the harness did not
  /// start (links of external workers are grouped by client address).
  public var owner: String {
    if let instance { return instance }
    let host = client.lastIndex(of: ":").map { String(client[..<$0]) } ?? client
    return "client \(host)"
  }

  /// One worker process: the instance and its generation (restarts are new processes).
  public var process: String {
    guard let instance else { return owner }
    return generation.map { "\(instance) (process \($0))" } ?? instance
  }

  /// A connection attempt: accepted by the proxy, or refused during a cut.
  public var isAttempt: Bool { kind == "accepted" || kind == "refused" }
}
