import ChaosProxy
import Foundation

/// Turns the proxies' link events into journal records tied to worker processes.
///
/// At an accept (or an attempt refused during a cut) the client socket still exists in the
/// client: its port gives its inode in `/proc/net/tcp`, and the inode is looked for in the fds of
/// each running worker process and its descendants (``SocketOwners``) — so a socket of a pool
/// process belongs to the worker instance whose process tree holds it. This runs on the proxy's
/// loop thread, only at accepts; the link's later events reuse the answer. A socket no worker
/// holds (an external worker, a tool) is left unattributed and grouped by client address.
final class LinkAttribution: @unchecked Sendable {
  /// A worker process: the root of a process tree whose sockets belong to `instance`.
  struct Owner: Sendable, Equatable {
    var instance: String
    var generation: Int
    var pid: Int32
  }

  private let lock = NSLock()
  private var roots: @Sendable () -> [Owner] = { [] }
  private var owners: [String: Owner] = [:]
  private var listenPorts: [String: UInt16] = [:]
  private var services: [String: String] = [:]

  func add(proxy: String, service: String, port: UInt16) {
    lock.lock()
    defer { lock.unlock() }
    listenPorts[proxy] = port
    services[proxy] = service
  }

  /// The worker processes running now are asked for at each accept.
  func setWorkers(_ list: [WorkerProcess]) {
    setRoots {
      list.compactMap { worker in
        worker.runningProcess.map {
          Owner(instance: worker.instance.name, generation: $0.generation, pid: $0.pid)
        }
      }
    }
  }

  func setRoots(_ provider: @escaping @Sendable () -> [Owner]) {
    lock.lock()
    defer { lock.unlock() }
    roots = provider
  }

  /// The journal record of `event`, stamped `time`.
  func record(_ event: LinkEvent, time: Double) -> LinkRecord {
    lock.lock()
    let key = "\(event.proxy)/\(event.link)"
    let service = services[event.proxy] ?? event.proxy
    let peerPort = listenPorts[event.proxy]
    let candidates = roots
    var owner = owners[key]
    lock.unlock()
    var lookupMs: Double?
    var runQueueWait: [String: Double]?
    if event.kind == .accepted || event.kind == .refused, let peerPort {
      let clock = RunClock()
      owner = Self.resolve(port: event.clientPort, peerPort: peerPort, among: candidates())
      lookupMs = clock.now() * 1000
      runQueueWait = owner.map { RunQueueWait.threads(of: $0.pid) }
      if let owner, event.kind == .accepted {
        lock.lock()
        owners[key] = owner
        lock.unlock()
      }
    }
    if event.kind == .closed || event.kind == .connectFailed {
      lock.lock()
      owners[key] = nil
      lock.unlock()
    }
    var record = LinkRecord(
      time: time, proxy: event.proxy, service: service, link: event.link, kind: event.kind.rawValue,
      client: event.client, instance: owner?.instance, generation: owner?.generation, pid: owner?.pid,
      detail: event.detail)
    record.lookupMs = lookupMs
    record.runQueueWait = runQueueWait
    return record
  }

  /// The worker whose process tree holds the client socket. The roots' own fds are looked at
  /// first (most clients open their sockets themselves), their descendants only when no root holds
  /// it: this runs on the proxy's loop thread, and every link waits while it does.
  static func resolve(port: UInt16, peerPort: UInt16, among roots: [Owner]) -> Owner? {
    guard let inode = SocketOwners.inode(localPort: port, peerPort: peerPort) else { return nil }
    if let root = roots.first(where: { SocketOwners.holds($0.pid, inode: inode) }) { return root }
    for root in roots {
      for pid in SocketOwners.tree(root.pid).dropFirst() where SocketOwners.holds(pid, inode: inode) {
        return Owner(instance: root.instance, generation: root.generation, pid: pid)
      }
    }
    return nil
  }
}
