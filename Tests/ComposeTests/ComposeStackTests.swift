import Foundation
import Pipeline
import Resilience
import XCTest

/// `compose/docker-compose.yml` against `compose/proxies.json` and what the workers and the proxy
/// read. No Docker engine is needed: the files are parsed, not run.
final class ComposeStackTests: XCTestCase {
  private var compose: ComposeFile!
  private var proxies: [ProxyConfigEntry]!
  private var proxy: ComposeService!

  override func setUpWithError() throws {
    compose = try ComposeFile(path: RepositoryFiles.composeFile)
    proxy = try compose.proxyService()
    let config = try XCTUnwrap(proxy.option("--config"), "the proxy has no --config")
    let source = try XCTUnwrap(proxy.mountSource(target: config), "\(config) is not mounted into the proxy")
    proxies = try ProxyConfigEntry.load(path: RepositoryFiles.fromComposeDirectory(source))
  }

  func testEveryWorkerRoleRunsItsOwnCommandFromTheChaosImage() throws {
    for role in PipelineRole.allCases {
      let worker = try compose.service(role.rawValue)
      XCTAssertEqual(worker.command, ["chaos-worker", role.rawValue], "\(role) runs the wrong command")
      XCTAssertEqual(worker.image, proxy.image, "\(role) does not run the proxy's image")
      XCTAssertEqual(worker.dockerfile, proxy.dockerfile)
    }
    let workers = compose.services.values.filter { $0.command.first == "chaos-worker" }
    XCTAssertEqual(Set(workers.map(\.name)), Set(PipelineRole.allCases.map(\.rawValue)))
  }

  func testTheImageIsBuiltFromTheRepositoryWithTheComposeDockerfile() throws {
    let context = try XCTUnwrap(proxy.buildContext, "the proxy's image is not built here")
    let root = RepositoryFiles.fromComposeDirectory(context)
    XCTAssertEqual(root, RepositoryFiles.root, "the build context must be the repository root")
    let dockerfile = "\(root)/\(try XCTUnwrap(proxy.dockerfile))"
    XCTAssertTrue(RepositoryFiles.exists(dockerfile), "\(dockerfile) is missing")
    XCTAssertTrue(RepositoryFiles.exists("\(root)/.dockerignore"))
    let text = try String(contentsOfFile: dockerfile, encoding: .utf8)
    for product in ["--product chaos ", "--product chaos-worker"] {
      XCTAssertTrue(text.contains(product), "the Dockerfile does not build \(product)")
    }
    for package in ["libhiredis-dev", "librabbitmq-dev", "libevent-dev"] {
      XCTAssertTrue(text.contains(package), "the build stage does not install \(package)")
    }
  }

  func testWorkerRedisURLsGoThroughAProxyToRedis() throws {
    for role in PipelineRole.allCases {
      let worker = try compose.service(role.rawValue)
      let text = try XCTUnwrap(worker.environment["REDIS_URL"], "\(role) has no REDIS_URL")
      let url = try RedisURL(parsing: text)
      let entry = try proxyEntry(reachedAt: HostPort(host: url.host, port: url.port), by: role.rawValue)
      try assertUpstream(of: entry, isService: "redis", port: redisPort())
    }
  }

  func testWorkerRabbitMQURLsGoThroughAProxyToRabbitMQWithValidCredentials() throws {
    let rabbitmq = try compose.service("rabbitmq")
    let user = rabbitmq.environment["RABBITMQ_DEFAULT_USER"] ?? "guest"
    let password = rabbitmq.environment["RABBITMQ_DEFAULT_PASS"] ?? "guest"
    let vhost = rabbitmq.environment["RABBITMQ_DEFAULT_VHOST"] ?? "/"
    for role in PipelineRole.allCases {
      let worker = try compose.service(role.rawValue)
      let text = try XCTUnwrap(worker.environment["RABBITMQ_URL"], "\(role) has no RABBITMQ_URL")
      let url = try AMQPURL(parsing: text)
      let entry = try proxyEntry(reachedAt: HostPort(host: url.host, port: url.port), by: role.rawValue)
      try assertUpstream(of: entry, isService: "rabbitmq", port: 5672)
      XCTAssertEqual([url.user, url.password, url.vhost], [user, password, vhost], "\(role): credentials")
    }
    if user == "guest" {
      // Connections arrive from the proxy's address, not loopback: guest must be let in.
      let source = try XCTUnwrap(rabbitmq.mountSource(target: "/etc/rabbitmq/conf.d/20-chaos.conf"))
      let config = try String(contentsOfFile: RepositoryFiles.fromComposeDirectory(source), encoding: .utf8)
      XCTAssertTrue(
        config.split(separator: "\n").contains {
          $0.replacingOccurrences(of: " ", with: "") == "loopback_users.guest=false"
        },
        "guest can only log in from loopback, and the workers come through the proxy")
    }
  }

  func testEveryWorkerVariableIsOneTheWorkersReadAndTheirValuesAreAccepted() throws {
    let known = WorkerVariables.all
    XCTAssertTrue(known.isSuperset(of: ["REDIS_URL", "RABBITMQ_URL", "CHAOS_KEY_PREFIX", "PREFETCH"]))
    for role in PipelineRole.allCases {
      let worker = try compose.service(role.rawValue)
      for (name, value) in worker.environment {
        XCTAssertTrue(known.contains(name), "\(role): \(name) is not read by the workers")
        XCTAssertFalse(WorkerVariables.testOnly.contains(name), "\(role): \(name) is for tests only")
        XCTAssertFalse(
          value.replacingOccurrences(of: "$$", with: "").contains("$"),
          "\(role): \(name)=\(value) would be interpolated by compose")
      }
      XCTAssertNoThrow(
        try WorkerSettings(environment: Environment(worker.environment)), "\(role): settings rejected")
      let settings = try WorkerSettings(environment: Environment(worker.environment))
      XCTAssertNotEqual(
        settings.keys.prefix, "chaos:",
        "\(role): the harness's workers use \"chaos:\"; the stack's must not share their jobs")
    }
  }

  func testTheProxyServesItsAPIOn8474AndPublishesEveryListenPort() throws {
    XCTAssertEqual(proxy.option("--port") ?? "8474", "8474")
    XCTAssertEqual(proxy.option("--host"), "0.0.0.0", "the API must be reachable through the published port")
    XCTAssertTrue(
      proxy.ports.contains { $0.containerPort == 8474 && $0.hostPort == 8474 }, "8474 not published")
    XCTAssertTrue(
      proxy.healthcheck.joined(separator: " ").contains("8474"), "the healthcheck does not ask the API")
    XCTAssertFalse(proxies.isEmpty)
    XCTAssertEqual(Set(proxies.map(\.name)).count, proxies.count, "proxy names repeat")
    XCTAssertEqual(
      Set(try proxies.map { try $0.listenAddress.port }).count, proxies.count, "listen ports repeat")
    for entry in proxies {
      let listen = try entry.listenAddress
      XCTAssertTrue(entry.enabled, "\(entry.name) starts disabled")
      XCTAssertEqual(listen.host, "0.0.0.0", "\(entry.name) must listen on every interface of its container")
      XCTAssertNotEqual(listen.port, 8474)
      XCTAssertTrue(
        proxy.ports.contains { $0.containerPort == listen.port && $0.hostPort == listen.port },
        "\(entry.name): port \(listen.port) is not published as itself")
      XCTAssertNotNil(
        compose.services[try entry.upstreamAddress.host], "\(entry.name): upstream is no service")
    }
  }

  func testNoTwoServicesPublishTheSameHostPort() {
    let published = compose.services.values.flatMap { $0.ports.compactMap(\.hostPort) }
    XCTAssertEqual(Set(published).count, published.count, "host ports repeat: \(published.sorted())")
  }

  func testStartOrderWaitsForHealthyServices() throws {
    for role in PipelineRole.allCases {
      XCTAssertEqual(try compose.service(role.rawValue).dependsOn[proxy.name], "service_healthy", "\(role)")
    }
    for entry in proxies {
      let upstream = try entry.upstreamAddress.host
      XCTAssertEqual(proxy.dependsOn[upstream], "service_healthy", "the proxy resolves \(upstream) at start")
    }
    for service in compose.services.values {
      for (dependency, condition) in service.dependsOn where condition == "service_healthy" {
        XCTAssertFalse(
          try compose.service(dependency).healthcheck.isEmpty, "\(dependency) has no healthcheck")
      }
    }
  }

  func testRedisKeepsAnAppendOnlyFile() throws {
    let redis = try compose.service("redis")
    XCTAssertEqual(redis.imageName, "redis")
    XCTAssertEqual(redis.option("--appendonly"), "yes")
    XCTAssertEqual(try compose.service("rabbitmq").imageName, "rabbitmq")
  }

  func testWorkerHealthchecksWatchTheProxyPortsTheyUse() throws {
    for role in PipelineRole.allCases {
      let worker = try compose.service(role.rawValue)
      let watched = Set(Self.establishedPorts(in: worker.healthcheck.joined(separator: " ")))
      let used: Set<Int> = [
        try RedisURL(parsing: worker.environment["REDIS_URL"] ?? "").port,
        try AMQPURL(parsing: worker.environment["RABBITMQ_URL"] ?? "").port,
      ]
      XCTAssertEqual(
        watched, used, "\(role): the healthcheck watches \(watched.sorted()), the URLs use \(used.sorted())")
    }
  }

  // MARK: helpers

  /// The ports in `':670B 01 '` patterns: a remote port (hex) in the ESTABLISHED state of /proc/net/tcp.
  static func establishedPorts(in command: String) -> [Int] {
    command.matches(of: #/:([0-9A-Fa-f]{4})[ ]01[ ]/#).compactMap { Int($0.output.1, radix: 16) }
  }

  private func proxyEntry(reachedAt address: HostPort, by role: String) throws -> ProxyConfigEntry {
    XCTAssertEqual(address.host, proxy.name, "\(role) must reach the services through the proxy")
    return try XCTUnwrap(
      proxies.first { (try? $0.listenAddress.port) == address.port },
      "\(role): no proxy listens on \(address.port)")
  }

  private func assertUpstream(of entry: ProxyConfigEntry, isService name: String, port: Int) throws {
    let upstream = try entry.upstreamAddress
    XCTAssertEqual(upstream, HostPort(host: name, port: port), "proxy \(entry.name) goes to \(upstream)")
    XCTAssertEqual(try compose.service(upstream.host).imageName, name)
  }

  private func redisPort() throws -> Int {
    let redis = try compose.service("redis")
    return try redis.option("--port").map { try XCTUnwrap(Int($0)) } ?? 6379
  }
}
