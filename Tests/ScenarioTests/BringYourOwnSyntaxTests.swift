import Foundation
import Harness
import XCTest

@testable import Scenario

/// The "test any system" keys (docs/bring-your-own.md): command and external workers, the workload
/// and check commands, the publisher and placeholders — what they parse to, and one exact
/// `file:line:column` message per misuse.
final class BringYourOwnSyntaxTests: XCTestCase {
  /// A directory for `cwd:` to resolve against (the scenario "file" lives in it).
  private static let directory: String = {
    let path = NSTemporaryDirectory() + "byo-syntax-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path + "/app", withIntermediateDirectories: true)
    return path
  }()
  private static var file: String { directory + "/x.scn" }

  private static let header = """
    name: byo
    services: { redis: redis, rabbitmq: rabbitmq }
    proxies: { redis: { to: redis }, rabbit: { to: rabbitmq } }

    """

  private func parse(_ text: String) throws -> ScenarioModel {
    try ScenarioParser.parse(text: Self.header + text, file: Self.file)
  }

  private func errors(_ text: String) -> [String] {
    do {
      _ = try parse(text)
      return []
    } catch let errors as ScenarioErrors {
      return errors.errors.map { $0.description.replacingOccurrences(of: Self.directory, with: "DIR") }
    } catch {
      return ["\(error)"]
    }
  }

  func testTheAgreedSyntaxParses() throws {
    let model = try parse(
      """
      settings: { QUEUE: "{run.prefix}tasks" }
      workers:
        scanner: 1
        celery:
          command: ["python3", "-m", "celery", "-A", "app", "worker"]
          count: 2
          cwd: app
          env: { BROKER_URL: "amqp://guest:guest@{proxy.rabbit}/%2F", R: "{service.redis.host}:{proxy.redis.port}" }
          ready: /celery@\\S+ ready/
          stop: SIGINT
          grace: 3s
        shell: { command: "python3 worker.py --x {run.dir}" }
        remote:
          external: true
          logs: "kubectl logs -f deploy/worker"
          kill: "kubectl delete pod -l app=worker"
      workload:
        command: ["python3", "feed.py", "200"]
        cwd: app
        env: { BROKER_URL: "amqp://guest:guest@{proxy.rabbit}/%2F" }
      check:
        command: ["python3", "check.py", "200"]
        cwd: app
        env: { REDIS_URL: "redis://{service.redis}/0" }
        every: 2s
      timeline:
        - after: task succeeded
          from: celery.2
          kill worker: celery
          index: 2
        - at: 5s
          kill worker: remote
      expect:
        - log: /Task .* succeeded/
          from: celery
      """)
    XCTAssertEqual(model.workers.map(\.name), ["scanner", "celery", "shell", "remote"])
    XCTAssertEqual(model.workers[0].role, .scanner)
    let celery = model.workers[1]
    XCTAssertNil(celery.role)
    XCTAssertEqual(celery.count, 2)
    XCTAssertEqual(celery.command?.arguments, ["python3", "-m", "celery", "-A", "app", "worker"])
    XCTAssertEqual(celery.command?.workingDirectory, Self.directory + "/app")
    XCTAssertEqual(celery.environment["BROKER_URL"], "amqp://guest:guest@{proxy.rabbit}/%2F")
    XCTAssertEqual(celery.ready, .regex("celery@\\S+ ready"))
    XCTAssertEqual(celery.stopSignal, "SIGINT")
    XCTAssertEqual(celery.grace, 3)
    XCTAssertEqual(model.workers[2].command?.arguments, ["/bin/sh", "-c", "python3 worker.py --x {run.dir}"])
    XCTAssertEqual(model.workers[2].count, 1)
    XCTAssertEqual(model.workers[3].external?.logs, "kubectl logs -f deploy/worker")
    XCTAssertEqual(model.workers[3].external?.commands, ["kill": "kubectl delete pod -l app=worker"])
    XCTAssertEqual(model.workload.command?.arguments, ["python3", "feed.py", "200"])
    XCTAssertEqual(model.check?.every, 2)
    XCTAssertEqual(model.check?.command.environment, ["REDIS_URL": "redis://{service.redis}/0"])
    XCTAssertEqual(
      model.timeline[0].trigger, .afterLog(message: .text("task succeeded"), from: "celery.2", count: 1))
    XCTAssertEqual(model.timeline[0].action, StepAction(KillWorkerFault(worker: "celery", index: 2)))
    XCTAssertEqual(model.timeline[1].action, StepAction(KillWorkerFault(worker: "remote", index: nil)))
    let log = try XCTUnwrap(model.expectations[0].kind as? LogChecker, "not a log expectation")
    XCTAssertEqual(log.expectation.from, "celery")
  }

  func testThePublisherParses() throws {
    let model = try parse(
      """
      workload:
        publish: { messages: 200, rate: 50/s, exchange: "", routing_key: "{run.prefix}tasks", via: rabbit }
      """)
    XCTAssertEqual(
      model.workload.publish,
      PublishPlan(
        messages: 200, rate: 50, exchange: "", routingKey: "{run.prefix}tasks", via: "rabbit",
        location: SourceLocation(file: Self.file, line: 5, column: 3)))
    let defaulted = try parse("workload: { publish: { messages: 5, routing_key: q } }")
    XCTAssertEqual(defaulted.workload.publish?.via, "rabbit", "the RabbitMQ proxy by default")
  }

  func testEachMisuseGivesItsFileLineColumn() {
    let cases: [(String, String, [String])] = [
      (
        "unknown proxy in env",
        "workers:\n  w:\n    command: [\"x\"]\n    env: { URL: \"amqp://g:g@{proxy.rabit}/\" }\n",
        [
          "DIR/x.scn:7:29: error: {proxy.rabit} names unknown proxy 'rabit'; did you mean 'rabbit'?"
        ]
      ),
      (
        "unknown service in an argv word",
        "workers:\n  w:\n    command: [\"x\", \"--redis={service.cache.port}\"]\n",
        [
          "DIR/x.scn:6:29: error: {service.cache.port} names unknown service 'cache'; expected one of the services "
            + "rabbitmq, redis"
        ]
      ),
      (
        "malformed placeholder in a shell line",
        "workers:\n  w: { command: \"run {proxy.redis.url} {run.id}\" }\n",
        [
          "DIR/x.scn:5:22: error: unknown placeholder '{proxy.redis.url}'; expected {proxy.NAME}, {proxy.NAME.host}, "
            + "{proxy.NAME.port}, {service.NAME} (also .host, .port), {run.prefix} or {run.dir}",
          "DIR/x.scn:5:40: error: unknown placeholder '{run.id}'; expected {proxy.NAME}, {proxy.NAME.host}, "
            + "{proxy.NAME.port}, {service.NAME} (also .host, .port), {run.prefix} or {run.dir}",
        ]
      ),
      (
        "placeholder in settings",
        "settings: { Q: \"{proxy.nope}\" }\n",
        [
          "DIR/x.scn:4:17: error: {proxy.nope} names unknown proxy 'nope'; expected one of the proxies rabbit, redis"
        ]
      ),
      (
        "unknown key in a command worker",
        "workers:\n  w: { command: [\"x\"], ready_text: up }\n",
        [
          "DIR/x.scn:5:24: error: unknown key 'ready_text' in worker 'w'; expected one of command, count, cwd, env, "
            + "ready, stop, grace"
        ]
      ),
      (
        "empty command",
        "workers:\n  w: { command: [] }\n",
        ["DIR/x.scn:5:17: error: 'command' of worker 'w' must name a program, found an empty list"]
      ),
      (
        "no command and not a role",
        "workers:\n  celery: { count: 2 }\n",
        [
          "DIR/x.scn:5:3: error: worker 'celery' has no 'command:'; give it 'command: [...]' (or 'external: true'), "
            + "or use a built-in role: scanner, downloader, translator, consumer"
        ]
      ),
      (
        "cwd that does not exist",
        "workers:\n  w: { command: [\"x\"], cwd: ../nowhere }\n",
        [
          "DIR/x.scn:5:29: error: 'cwd' '../nowhere' is not a directory (resolved against the scenario file's "
            + "directory: \(URL(fileURLWithPath: Self.directory + "/../nowhere").standardizedFileURL.path))"
        ]
      ),
      (
        "ready regex that does not compile",
        "workers:\n  w: { command: [\"x\"], ready: \"/ready (/\" }\n",
        []
      ),
      (
        "unknown stop signal",
        "workers:\n  w: { command: [\"x\"], stop: SIGSTOP }\n",
        [
          "DIR/x.scn:5:30: error: unknown stop signal 'SIGSTOP'; expected one of SIGTERM, SIGINT, SIGQUIT, SIGHUP, "
            + "SIGUSR1, SIGUSR2, SIGKILL"
        ]
      ),
      (
        "bad grace",
        "workers:\n  w: { command: [\"x\"], grace: 10 }\n",
        [
          "DIR/x.scn:5:31: error: bad duration '10' for 'grace'; expected a number with a unit: 250ms, 3s, 2m, "
            + "1.5s; did you mean '10s'?"
        ]
      ),
      (
        "external not true",
        "workers:\n  r: { external: yes, logs: \"tail -f x\" }\n",
        ["DIR/x.scn:5:18: error: 'external' of a worker must be true, found 'yes'"]
      ),
      (
        "external worker verb without its command",
        "workers:\n  r: { external: true, logs: \"tail -f x\" }\ntimeline:\n  - at: 1s\n    restart worker: r\n",
        [
          "DIR/x.scn:8:21: error: worker 'r' is external; 'restart worker' needs a 'restart: <command>' in its "
            + "declaration (line 5)"
        ]
      ),
      (
        "from names an unknown worker",
        "workers:\n  w: { command: [\"x\"] }\nexpect:\n  - log: hi\n    from: v\n",
        ["DIR/x.scn:8:11: error: 'from' names unknown worker 'v'; did you mean 'w'?"]
      ),
      (
        "from names an instance that does not exist",
        "workers:\n  w: { command: [\"x\"], count: 2 }\nexpect:\n  - log: hi\n    from: w.3\n",
        ["DIR/x.scn:8:11: error: 'from' names instance 3 of w, but there are 2"]
      ),
      (
        "workload with a command and jobs",
        "workload: { command: [\"feed\"], jobs: 3 }\n",
        [
          "DIR/x.scn:4:32: error: unknown key 'jobs' in a command 'workload'; expected one of command, cwd, env"
        ]
      ),
      (
        "publish without messages, via redis",
        "workload: { publish: { routing_key: q, via: redis } }\n",
        [
          "DIR/x.scn:4:22: error: 'publish' has no 'messages'; expected e.g. 'messages: 200'",
          "DIR/x.scn:4:45: error: 'via' proxy 'redis' goes to 'redis', which is not a rabbitmq service",
        ]
      ),
      (
        "check without a command",
        "check: { every: 1s }\n",
        [
          "DIR/x.scn:4:8: error: 'check' has no 'command'; expected e.g. 'command: [\"python3\", \"check.py\"]'"
        ]
      ),
      (
        "check every too short",
        "check: { command: [\"c\"], every: 10ms }\n",
        ["DIR/x.scn:4:33: error: 'every' must be at least 100ms, found '10ms'"]
      ),
    ]
    for (what, text, expected) in cases {
      let found = errors(text)
      if expected.isEmpty {
        XCTAssertEqual(found.count, 1, "\(what): \(found)")
        XCTAssertTrue(found.first?.contains("does not compile") == true, "\(what): \(found)")
      } else {
        XCTAssertEqual(found, expected, what)
      }
    }
  }

  func testPlaceholdersResolve() {
    let values = ["proxy.redis": "127.0.0.1:4000", "proxy.redis.port": "4000", "run.prefix": "p:"]
    XCTAssertEqual(
      Placeholder.resolve(
        "redis://{proxy.redis}/0 {proxy.redis.port} {run.prefix}q {\"json\": 1}", with: values),
      "redis://127.0.0.1:4000/0 4000 p:q {\"json\": 1}")
    XCTAssertEqual(Placeholder.scan("{json} {x.y}").found, [])
  }
}
