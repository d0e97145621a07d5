/// How worker instances are named in logs, reports and `from:`: a built-in role's instances are
/// `downloader#1`, `downloader#2` (as always); a command or external worker's are `celery.1`, `celery.2`.
public enum WorkerNaming {
  /// The name of instance `index` (1-based) of `worker`.
  public static func instance(_ worker: WorkerDeclaration, index: Int) -> String {
    instance(worker: worker.name, builtIn: worker.role != nil, index: index)
  }

  public static func instance(worker: String, builtIn: Bool, index: Int) -> String {
    builtIn ? "\(worker)#\(index)" : "\(worker).\(index)"
  }

  /// What `from:` keeps: the worker's name, or one instance's name.
  public static func selector(_ worker: WorkerDeclaration, index: Int?) -> String {
    guard let index else { return worker.name }
    return instance(worker, index: index)
  }
}
