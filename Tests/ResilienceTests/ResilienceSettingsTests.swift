import Resilience
import XCTest

final class ResilienceSettingsTests: XCTestCase {
  func testDefaultsAreTheSeeds() throws {
    let settings = try ResilienceSettings(environment: Environment([:]))
    XCTAssertEqual(settings.redis.healthCheckInterval, 30)
    XCTAssertEqual(settings.redis.reconnectMaxRetries, 10)
    XCTAssertEqual(settings.redis.reconnectInitialDelay, 3)
    XCTAssertEqual(settings.redis.reconnectMaxDelay, 30)
    XCTAssertEqual(settings.redisURL, RedisURL(host: "127.0.0.1", port: 6379, database: 0))
  }

  func testShortenedValuesAreRead() throws {
    let settings = try redisTestSettings(port: 7000, database: 2)
    XCTAssertEqual(settings.redis.healthCheckInterval, 0.5)
    XCTAssertEqual(settings.redis.backoff.schedule(4), [0.2, 0.4, 0.8, 1])
    XCTAssertEqual(settings.redisURL.port, 7000)
    XCTAssertEqual(settings.redisURL.database, 2)
  }

  func testBadValuesNameTheVariable() {
    let cases: [(String, String)] = [
      ("REDIS_RECONNECT_INITIAL_DELAY", "-1"),
      ("REDIS_RECONNECT_INITIAL_DELAY", "three"),
      ("REDIS_HEALTH_CHECK_INTERVAL", "0"),
      ("REDIS_RECONNECT_MAX_RETRIES", "2.5"),
      ("REDIS_RECONNECT_MAX_DELAY", "1"),  // below the initial delay of 3
      ("REDIS_COMMAND_TIMEOUT", "nan"),
      ("REDIS_URL", "http://localhost:6379"),
    ]
    for (variable, value) in cases {
      XCTAssertThrowsError(try ResilienceSettings(environment: Environment([variable: value]))) { error in
        let settingsError = error as? SettingsError
        XCTAssertEqual(settingsError?.variable, variable, "\(variable)=\(value)")
        XCTAssertTrue("\(error)".hasPrefix("\(variable)="), "\(error)")
      }
    }
  }

  func testRedisURLParsing() throws {
    XCTAssertEqual(try RedisURL(parsing: "redis://localhost"), RedisURL(host: "localhost", port: 6379))
    XCTAssertEqual(
      try RedisURL(parsing: "redis://:secret@10.0.0.5:6380/3"),
      RedisURL(host: "10.0.0.5", port: 6380, database: 3, password: "secret"))
    XCTAssertEqual(try RedisURL(parsing: "redis://h:1/").database, 0)
    for bad in [
      "localhost:6379", "redis://", "redis://h:0", "redis://h:70000", "redis://h:x", "redis://h/-1",
    ] {
      XCTAssertThrowsError(try RedisURL(parsing: bad), bad) { error in
        XCTAssertEqual((error as? SettingsError)?.variable, "REDIS_URL")
      }
    }
    XCTAssertEqual(RedisURL(host: "h", port: 1, database: 2, password: "p").description, "redis://h:1/2")
  }
}
