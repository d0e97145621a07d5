/// What a proxy's protocol tap saw during a run (the second witness of `acks: balanced`),
/// recorded in the journal per proxy at the end of the run: read after the check and again once
/// the workers have exited (the figures are from that second read).
///
/// AMQP counts are frames the tap decoded: `acks` are `basic.ack` frames from the clients (a
/// `multiple` ack counts once), `deliveries` are `basic.deliver` and `basic.get-ok` from the broker.
public struct ProxyTapLedger: Sendable, Equatable, Codable {
  /// `amqp` or `resp`.
  public var tap: String
  /// The service behind the proxy.
  public var service: String
  /// Seconds since the workload started when the ledger was read.
  public var time: Double
  /// Every event by name (`basic.deliver`, `SET`, `reply`, …).
  public var events: [String: Int]
  public var publishes: Int
  public var deliveries: Int
  public var redeliveries: Int
  public var acks: Int
  public var nacks: Int
  public var rejects: Int
  /// Deliveries not settled on links still open when the ledger was read.
  public var unacked: Int
  /// Deliveries still unsettled when their channel or link closed (the broker redelivers them).
  public var unackedAtClose: Int
  /// Settlements of a delivery already settled, and of a tag never delivered on that channel.
  public var ackedTwice: Int
  public var ackedUnknown: Int
  /// Links where the tap gave up (not the expected protocol).
  public var stopped: [String]
  /// True when read after the workers exited (their links closed, their logs complete).
  public var workersStopped: Bool = false
  /// Deliveries unsettled on open links when read after the check, while the workers still ran:
  /// held by a live worker with nothing left to do.
  public var unackedAtCheck: Int?

  public init(
    tap: String, service: String, time: Double, events: [String: Int] = [:], publishes: Int = 0,
    deliveries: Int = 0, redeliveries: Int = 0, acks: Int = 0, nacks: Int = 0, rejects: Int = 0,
    unacked: Int = 0, unackedAtClose: Int = 0, ackedTwice: Int = 0, ackedUnknown: Int = 0,
    stopped: [String] = []
  ) {
    self.tap = tap
    self.service = service
    self.time = time
    self.events = events
    self.publishes = publishes
    self.deliveries = deliveries
    self.redeliveries = redeliveries
    self.acks = acks
    self.nacks = nacks
    self.rejects = rejects
    self.unacked = unacked
    self.unackedAtClose = unackedAtClose
    self.ackedTwice = ackedTwice
    self.ackedUnknown = ackedUnknown
    self.stopped = stopped
  }

  /// Settlements on the wire: acks, nacks and rejects.
  public var settlements: Int { acks + nacks + rejects }
}
