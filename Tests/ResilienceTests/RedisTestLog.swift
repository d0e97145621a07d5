import Foundation
import Logging
import Resilience

/// Collects the JSON lines a logger writes (through the real ``JSONLogHandler``) and reads them back.
final class RedisTestLog: @unchecked Sendable {
  /// One parsed line.
  struct Event {
    let time: Date
    let message: String
    let fields: [String: Any]

    func int(_ key: String) -> Int? { (fields[key] as? NSNumber)?.intValue }
    func double(_ key: String) -> Double? { (fields[key] as? NSNumber)?.doubleValue }
    func string(_ key: String) -> String? { fields[key] as? String }
  }

  private let lock = NSLock()
  private var lines: [String] = []

  var logger: Logger {
    let sink = LineSink { [self] line in
      lock.lock()
      lines.append(line)
      lock.unlock()
    }
    return Logger(label: "redis-test") { label in JSONLogHandler(label: label, worker: "test", sink: sink) }
  }

  var events: [Event] {
    lock.lock()
    let copy = lines
    lock.unlock()
    return copy.compactMap(Self.parse)
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return lines.joined()
  }

  func messages() -> [String] { events.map(\.message) }

  /// Waits until `count` events with `message` were logged; false on timeout.
  func waitFor(_ message: String, count: Int = 1, timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if events.filter({ $0.message == message }).count >= count { return true }
      usleep(20_000)
    }
    return false
  }

  private static func parse(_ line: String) -> Event? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
      let stamp = object["ts"] as? String, let message = object["msg"] as? String
    else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    guard let time = formatter.date(from: stamp) else { return nil }
    return Event(time: time, message: message, fields: object)
  }
}

/// Settings for a test client against a local server: shortened reconnection delays.
func redisTestSettings(
  port: UInt16, database: Int = 0, interval: Double = 0.5, retries: Int = 10, initial: Double = 0.2,
  maximum: Double = 1, commandTimeout: Double = 1
) throws -> ResilienceSettings {
  try ResilienceSettings(
    environment: Environment([
      "REDIS_URL": "redis://127.0.0.1:\(port)/\(database)",
      "REDIS_HEALTH_CHECK_INTERVAL": String(interval),
      "REDIS_RECONNECT_MAX_RETRIES": String(retries),
      "REDIS_RECONNECT_INITIAL_DELAY": String(initial),
      "REDIS_RECONNECT_MAX_DELAY": String(maximum),
      "REDIS_COMMAND_TIMEOUT": String(commandTimeout),
    ]))
}
