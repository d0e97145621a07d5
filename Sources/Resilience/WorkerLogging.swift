import Logging

/// Sets swift-log up once per process so that every logger writes JSON lines with `worker` set.
public enum WorkerLogging {
  /// Call once, at start-up, before any logger is made. `LOG_LEVEL` (trace…critical) sets the level.
  public static func bootstrap(worker: String, level: Logger.Level = .info) {
    LoggingSystem.bootstrap { label in
      var handler = JSONLogHandler(label: label, worker: worker)
      handler.logLevel = level
      return handler
    }
  }
}
