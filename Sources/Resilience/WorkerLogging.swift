import Logging

/// Sets swift-log up once per process so that every logger writes JSON lines with `worker` set.
public enum WorkerLogging {
  /// Call once, at start-up, before any logger is made. `LOG_LEVEL` (trace…critical) sets the level.
  /// `wrap` may put a handler around the JSON one (the worker's metrics watch every line).
  public static func bootstrap(
    worker: String, level: Logger.Level = .info,
    wrap: @escaping @Sendable (any LogHandler) -> any LogHandler = { $0 }
  ) {
    LoggingSystem.bootstrap { label in
      var handler = JSONLogHandler(label: label, worker: worker)
      handler.logLevel = level
      return wrap(handler)
    }
  }
}
