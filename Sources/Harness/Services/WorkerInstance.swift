import Scenario

/// One worker of a role: `downloader#2` is the second downloader (1-based).
public struct WorkerInstance: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var role: WorkerRole
  public var index: Int

  public init(role: WorkerRole, index: Int) {
    self.role = role
    self.index = index
  }

  public var name: String { WorkerFaults.instanceName(role.rawValue, index: index) }
  public var description: String { name }

  public static func < (lhs: WorkerInstance, rhs: WorkerInstance) -> Bool {
    let order = WorkerRole.allCases
    let left = order.firstIndex(of: lhs.role) ?? 0
    let right = order.firstIndex(of: rhs.role) ?? 0
    return left != right ? left < right : lhs.index < rhs.index
  }
}
