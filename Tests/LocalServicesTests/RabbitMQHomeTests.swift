import Foundation
import XCTest

@testable import LocalServices

final class RabbitMQHomeTests: XCTestCase {
  func testAppFileListsAreRead() {
    let text = """
      {application, 'rabbit', [
      \t{applications, [kernel,stdlib, 'ra' ,osiris]},
      \t{included_applications, []},
      \t{env, [{tcp_listeners, [5672]}]}]}.
      """
    XCTAssertEqual(
      RabbitMQHome.listedApplications("applications", in: text), ["kernel", "stdlib", "ra", "osiris"])
    XCTAssertEqual(RabbitMQHome.listedApplications("included_applications", in: text), [])
    XCTAssertEqual(RabbitMQHome.listedApplications("optional_applications", in: text), [])
  }

  func testHomeHoldsTheBrokersApplicationsOnly() throws {
    let script = RabbitMQServer.serverScript
    try MissingTool.require(
      FileManager.default.isExecutableFile(atPath: script), "rabbitmq-server is not installed")
    let dir = try TemporaryDirectory(prefix: "chaos-test-rabbit-home")
    defer {
      dir.remove()
      // Removing the home removes its links, never what they point at.
      XCTAssertTrue(FileManager.default.isExecutableFile(atPath: script))
    }
    let home = try RabbitMQHome.prepare(at: dir.file("home"), installedScript: script)
    let plugins = try FileManager.default.contentsOfDirectory(atPath: "\(home.path)/plugins")
    let names = Set(plugins.map { String($0[..<$0.lastIndex(of: "-")!]) })
    for needed in ["rabbit", "rabbit_common", "rabbitmq_prelaunch", "ra", "osiris", "ranch", "cuttlefish"] {
      XCTAssertTrue(names.contains(needed), "\(needed) missing from \(names.sorted())")
    }
    for unused in ["rabbitmq_management", "rabbitmq_mqtt", "cowboy", "prometheus"] {
      XCTAssertFalse(names.contains(unused), "\(unused) is on the node's code path")
    }
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: home.serverScript))
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "\(home.scriptsDirectory)/rabbitmqctl"))
    // Prepared once: a second call keeps what is there.
    XCTAssertEqual(try RabbitMQHome.prepare(at: home.path, installedScript: script).path, home.path)
  }
}
