import Foundation
import Harness
import Pipeline
import Resilience
import Scenario
import XCTest

/// `compose/external-redis-restart.scn` against the compose stack it targets: it parses, its
/// external addresses are the host ports the compose proxy publishes for the right service, and its
/// service commands drive that service with `docker compose`.
final class ExternalScenarioTests: XCTestCase {
  /// Scenario verb → `docker compose` subcommand.
  static let composeVerbs = [
    "restart": "restart", "stop": "stop", "start": "start", "kill": "kill", "pause": "pause",
    "resume": "unpause",
  ]

  private var compose: ComposeFile!
  private var proxies: [ProxyConfigEntry]!
  private var proxy: ComposeService!
  private var scenario: ScenarioModel!

  override func setUpWithError() throws {
    compose = try ComposeFile(path: RepositoryFiles.composeFile)
    proxy = try compose.proxyService()
    let config = try XCTUnwrap(proxy.option("--config"))
    proxies = try ProxyConfigEntry.load(
      path: RepositoryFiles.fromComposeDirectory(try XCTUnwrap(proxy.mountSource(target: config))))
    scenario = try ScenarioParser.parse(contentsOf: RepositoryFiles.externalScenario)
  }

  func testEveryServiceIsExternalAndReachedThroughTheComposeProxy() throws {
    XCTAssertEqual(Set(scenario.services.map(\.kind)), Set(ServiceKind.allCases))
    for service in scenario.services {
      let external = try HostPort(parsing: try XCTUnwrap(service.external, "\(service.name) is not external"))
      XCTAssertTrue(["127.0.0.1", "localhost"].contains(external.host), "\(service.name): \(external.host)")
      let published = try XCTUnwrap(
        proxy.ports.first { $0.hostPort == external.port },
        "\(service.name): the proxy publishes no host port \(external.port)")
      XCTAssertTrue(
        published.hostIP == nil || published.hostIP == "127.0.0.1",
        "\(service.name): published on \(published.hostIP ?? "")")
      let entry = try XCTUnwrap(
        proxies.first { (try? $0.listenAddress.port) == published.containerPort },
        "\(service.name): no proxy listens on container port \(published.containerPort)")
      let upstream = try compose.service(try entry.upstreamAddress.host)
      XCTAssertEqual(upstream.imageName, service.kind.rawValue, "\(service.name) reaches \(upstream.name)")
    }
  }

  func testServiceCommandsDriveTheRightComposeService() throws {
    for service in scenario.services {
      XCTAssertNotNil(service.commands["restart"], "\(service.name) has no restart command")
      let target = try upstreamService(of: service)
      for (verb, command) in service.commands {
        let words = command.split(separator: " ").map(String.init)
        guard words.count == 6, words.starts(with: ["docker", "compose", "-f"]) else {
          XCTFail("\(service.name) \(verb): `\(command)` is not `docker compose -f FILE VERB SERVICE`")
          continue
        }
        XCTAssertEqual(
          RepositoryFiles.fromRoot(words[3]), RepositoryFiles.composeFile,
          "\(service.name) \(verb): run from the repository root, -f must name compose/docker-compose.yml")
        XCTAssertEqual(words[4], Self.composeVerbs[verb], "\(service.name) \(verb): `\(command)`")
        XCTAssertEqual(words[5], target.name, "\(service.name) \(verb) acts on \(words[5])")
      }
    }
  }

  func testSettingsAreOnesTheWorkersReadAndAccept() throws {
    let known = WorkerVariables.all
    var environment = scenario.settings
    for name in environment.keys {
      XCTAssertTrue(known.contains(name), "\(name) is not read by the workers")
    }
    for worker in scenario.workers {
      for name in worker.environment.keys { XCTAssertTrue(known.contains(name), "\(worker.name): \(name)") }
      environment.merge(worker.environment) { $1 }
    }
    XCTAssertNoThrow(try WorkerSettings(environment: Environment(environment)))
  }

  func testItIsTheRedisRestartScenarioWithARestartThroughCompose() throws {
    let restarts = scenario.timeline.filter {
      $0.action.fault.verb == "restart" && $0.action.fault.target == "redis"
    }
    XCTAssertEqual(restarts.count, 1, "\(scenario.timeline.map(\.action))")
  }

  private func upstreamService(of service: ServiceDeclaration) throws -> ComposeService {
    let external = try HostPort(parsing: try XCTUnwrap(service.external))
    let published = try XCTUnwrap(proxy.ports.first { $0.hostPort == external.port })
    let entry = try XCTUnwrap(proxies.first { (try? $0.listenAddress.port) == published.containerPort })
    return try compose.service(try entry.upstreamAddress.host)
  }
}
