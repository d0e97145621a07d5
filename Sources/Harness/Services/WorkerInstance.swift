import Scenario

/// One instance of a declared worker: `downloader#2` is the second built-in downloader, `celery.1`
/// the first instance of command worker `celery` (``WorkerNaming``). Index is 1-based.
public struct WorkerInstance: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The worker's name in `workers:` (the role, for a built-in).
  public var worker: String
  public var index: Int
  public var name: String

  public init(worker: String, builtIn: Bool, index: Int) {
    self.worker = worker
    self.index = index
    name = WorkerNaming.instance(worker: worker, builtIn: builtIn, index: index)
  }

  public init(role: WorkerRole, index: Int) {
    self.init(worker: role.rawValue, builtIn: true, index: index)
  }

  public init(_ declaration: WorkerDeclaration, index: Int) {
    self.init(worker: declaration.name, builtIn: declaration.role != nil, index: index)
  }

  public var description: String { name }

  /// Built-in roles in pipeline order first, then other workers by name; instances by index.
  public static func < (lhs: WorkerInstance, rhs: WorkerInstance) -> Bool {
    func rank(_ worker: String) -> Int {
      WorkerRole.allCases.firstIndex { $0.rawValue == worker } ?? WorkerRole.allCases.count
    }
    return (rank(lhs.worker), lhs.worker, lhs.index) < (rank(rhs.worker), rhs.worker, rhs.index)
  }
}
