import Foundation
import LocalServices
import Scenario

/// The private RabbitMQ nodes of a suite run with `-j N`, booted ahead and stopped behind.
///
/// A scenario whose RabbitMQ the shared node cannot serve (it stops, kills or restarts it:
/// ``SharedBroker/canServe(_:in:)``) needs a node of its own, and booting one costs it 5–7 s of
/// wall time. The pool boots those nodes in the background, one at a time, while other scenarios
/// run, keeping up to `ahead` of them ready and never booting more than the suite's scenarios
/// still need (``demand``, less those already asked for). ``take()`` hands one to exactly one
/// scenario, which owns it from then on (its timeline may stop, kill or restart it): a fresh node
/// each time, never shared. When none is ready and none is booting (or a pre-boot failed), the
/// scenario boots its own as it would without the pool.
///
/// Each node lives in a temp dir of its own (`chaos-prebooted-rabbitmq-…/rabbitmq`; the scenario's
/// temp dir links to it under the service's name). ``stopBehind(_:)`` stops an adopted node (and its
/// epmd) on a thread of its own at the scenario's teardown, so that the lane goes on with its next
/// scenario, then removes its temp dir (or keeps it with `keep`). ``shutdown()`` — at the end of the
/// suite and on Ctrl-C — stops the boots, stops every node not adopted and waits for those stops.
public final class PrivateBrokerPool: @unchecked Sendable {
  /// A node booted by the pool: its temp dir and server.
  public final class Node: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let server: RabbitMQServer
    fileprivate var state = State.booting
    fileprivate var claimed = false

    fileprivate enum State { case booting, ready, failed }

    fileprivate init(directory: TemporaryDirectory, server: RabbitMQServer) {
      self.directory = directory
      self.server = server
    }
  }

  /// Boots that fail before the pool stops trying (the scenarios then boot their own).
  static let failuresAllowed = 2

  private let condition = NSCondition()
  private let demand: Int
  private let beforeFirstBoot: (@Sendable () -> Void)?
  private let ahead: Int
  private let keep: Bool
  private var asked = 0
  private var ready: [Node] = []
  private var booting: Node?
  private var bootCount = 0
  private var adoptedCount = 0
  private var failures = 0
  private var closed = false
  private var booterStarted = false
  private let booterDone = DispatchSemaphore(value: 0)
  private let stops = DispatchGroup()

  /// - Parameters:
  ///   - demand: how many private nodes the suite's scenarios will ask for (``nodes(for:)`` summed).
  ///   - ahead: how many nodes to keep ready at most (one per lane).
  ///   - keep: keep the temp dirs of the nodes scenarios used (`--keep`) instead of removing them.
  ///   - beforeFirstBoot: run by the booter before its first boot: the suite gives the boot of its
  ///     shared node (`acquire()`), which every lane waits for at the start, the machine alone.
  public init(
    demand: Int, ahead: Int, keep: Bool = false, beforeFirstBoot: (@Sendable () -> Void)? = nil
  ) {
    self.demand = demand
    self.ahead = max(1, ahead)
    self.keep = keep
    self.beforeFirstBoot = beforeFirstBoot
  }

  /// How many private nodes `model` needs: each local RabbitMQ service the shared node cannot serve.
  public static func nodes(for model: ScenarioModel) -> Int {
    model.services.filter {
      $0.kind == .rabbitmq && $0.external == nil && !SharedBroker.canServe($0, in: model)
    }.count
  }

  /// Starts booting in the background (nothing when no scenario needs a node). The first node is
  /// under way when this returns: a scenario that asks at once waits for it.
  public func start() {
    guard let first = nextBoot() else { return }
    let thread = Thread { [self] in
      beforeFirstBoot?()
      bootWhileNeeded(first)
      booterDone.signal()
    }
    thread.name = "chaos-preboot"
    condition.lock()
    booterStarted = true
    condition.unlock()
    thread.start()
  }

  /// Nodes booted by the pool (adopted or not), failed boots included.
  public var boots: Int {
    condition.lock()
    defer { condition.unlock() }
    return bootCount
  }

  /// Nodes handed to a scenario.
  public var adopted: Int {
    condition.lock()
    defer { condition.unlock() }
    return adoptedCount
  }

  /// Nodes booted and waiting for a scenario.
  public var readyCount: Int {
    condition.lock()
    defer { condition.unlock() }
    return ready.count
  }

  /// A running node for one scenario: a ready one, else the one booting now if no other scenario
  /// waits for it (then this waits until it answers); nil when there is neither, its boot failed
  /// or it no longer answers (it is then stopped; the scenario boots its own). Every call counts
  /// against ``demand``.
  public func take() -> Node? {
    guard let node = claim() else { return nil }
    if ReadinessProbe.amqpAnswersConnectionStart(port: node.server.port) { return node }
    node.server.shutdown()
    node.directory.remove()
    condition.lock()
    adoptedCount -= 1
    condition.unlock()
    return nil
  }

  private func claim() -> Node? {
    condition.lock()
    defer { condition.unlock() }
    asked += 1
    condition.broadcast()
    if let node = readyNode() { return node }
    guard !closed, let node = booting, !node.claimed else { return nil }
    node.claimed = true
    while node.state == .booting { condition.wait() }
    guard node.state == .ready else { return nil }
    adoptedCount += 1
    return node
  }

  /// The first ready node, marked adopted; the booter is told a place is free.
  private func readyNode() -> Node? {
    guard !ready.isEmpty else { return nil }
    adoptedCount += 1
    return ready.removeFirst()
  }

  /// Stops an adopted `node` and its epmd on a thread of its own, then removes its temp dir (or
  /// keeps it). ``shutdown()`` waits for it.
  public func stopBehind(_ node: Node) {
    stops.enter()
    let keep = keep
    let thread = Thread { [stops] in
      node.server.shutdown()
      if keep { node.directory.keep() } else { node.directory.remove() }
      stops.leave()
    }
    thread.name = "chaos-stop-behind"
    thread.start()
  }

  /// Stops booting (killing a boot under way), stops every node not adopted and removes its temp
  /// dir (even with `keep`: no scenario ran on it), and waits for the stops handed over by
  /// ``stopBehind(_:)``. Safe to call twice.
  public func shutdown() {
    condition.lock()
    let first = !closed
    closed = true
    let inProgress = booting
    let left = ready
    ready = []
    let started = booterStarted
    condition.broadcast()
    condition.unlock()
    // A kill ends the boot at once; the booter then stops what is left (its epmd) itself.
    inProgress?.server.kill()
    if first && started { booterDone.wait() }
    InParallel.run(left.count) { left[$0].server.shutdown() }
    for node in left { node.directory.remove() }
    stops.wait()
  }

  /// The booter: one boot at a time while fewer than `ahead` nodes are ready (or booting) and the
  /// scenarios not yet started still need more.
  private func bootWhileNeeded(_ first: Node) {
    var next: Node? = first
    while let node = next {
      var booted = true
      do {
        try node.server.start()
      } catch {
        booted = false
      }
      condition.lock()
      booting = nil
      let stopNow = closed || !booted
      if booted && !closed {
        node.state = .ready
        if !node.claimed { ready.append(node) }
      } else {
        node.state = .failed
        if !booted { failures += 1 }
      }
      condition.broadcast()
      condition.unlock()
      if stopNow {
        node.server.shutdown()
        node.directory.remove()
      }
      next = nextBoot()
    }
  }

  /// Waits until another node is worth booting and returns it (its temp dir made, not started);
  /// nil once the pool is closed, the demand is met or boots keep failing.
  private func nextBoot() -> Node? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      // Nodes the scenarios not yet started will ask for beyond those ready: it only goes down.
      let uncovered = demand - asked - ready.count
      if closed || failures >= Self.failuresAllowed || uncovered <= 0 { return nil }
      if ready.count < ahead { break }
      condition.wait()
    }
    do {
      let directory = try TemporaryDirectory(prefix: "chaos-prebooted-rabbitmq")
      let server = try RabbitMQServer(directory: directory.file("rabbitmq"))
      let node = Node(directory: directory, server: server)
      booting = node
      bootCount += 1
      return node
    } catch {
      failures = Self.failuresAllowed
      return nil
    }
  }
}
