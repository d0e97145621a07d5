import LocalServices
import XCTest

/// A test class whose every test gets its own redis-server (not started: tests stop and start it).
class RedisServerTestCase: XCTestCase {
  var directory: TemporaryDirectory!
  var server: RedisServer!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "chaos-test-\(type(of: self))")
    server = try RedisServer(directory: directory.path)
  }

  override func tearDown() {
    server?.stop()
    directory?.remove()
  }
}
