import LocalServices
import XCTest

@testable import Harness

/// The services' own view: Redis `CLIENT LIST` as the sampler reads it, its own connection left out.
final class ServiceSamplerTests: XCTestCase {
  func testRedisClientsAreCountedWithTheirAddresses() throws {
    let directory = try TemporaryDirectory(prefix: "chaos-sampler")
    defer { directory.remove() }
    let redis = try LocalService(name: "cache", kind: .redis, directory: directory.path + "/redis")
    try redis.start()
    defer { redis.shutdown() }
    let clients = try (0..<3).map { _ in try RESPConnection(port: redis.port) }
    for client in clients { XCTAssertEqual(try client.command(["PING"]), "PONG") }
    let sample = ServiceSampler.redis(redis, time: 1.5)
    XCTAssertEqual(sample.service, "cache")
    XCTAssertEqual(sample.clients, 3)
    XCTAssertEqual(sample.addresses?.count, 3)
    XCTAssertTrue(sample.addresses?.allSatisfy { $0.hasPrefix("127.0.0.1:") } ?? false, "\(sample)")
    // A bulk value with newlines comes back whole.
    XCTAssertEqual(try clients[0].command(["SET", "k", "a\nb\r\nc"]), "OK")
    XCTAssertEqual(try clients[0].command(["GET", "k"]), "a\nb\r\nc")
    redis.shutdown()
    XCTAssertNil(ServiceSampler.redis(redis, time: 2).clients, "a service that does not answer")
  }
}
