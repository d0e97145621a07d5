import Foundation
import Harness
import XCTest

@testable import Scenario

/// Each broken file gives its exact `file:line:column` messages.
final class BrokenFileTests: XCTestCase {
  /// A valid scenario to break: services, proxies and workers for the timeline and expectations to name.
  static let header = """
    name: broken
    services:
      redis: redis
      rabbitmq: rabbitmq
    proxies:
      redis: { to: redis }
      rabbitmq: { to: rabbitmq }
    workers: { scanner: 1, downloader: 2 }


    """

  struct Case {
    var what: String
    var text: String
    var errors: [String]
  }

  static let cases: [Case] = [
    Case(
      what: "missing name", text: "about: nameless\n",
      errors: [
        "x.scn:1:1: error: missing required key 'name'; expected e.g. 'name: redis-restart'"
      ]),
    Case(
      what: "misspelt top-level key", text: "name: a\nproxys: {}\n",
      errors: [
        "x.scn:2:1: error: unknown key 'proxys' in the scenario; did you mean 'proxies'?"
      ]),
    Case(
      what: "misspelt verb", text: header + "timeline:\n  - at: 5s\n    delya: redis\n",
      errors: [
        "x.scn:12:5: error: unknown key 'delya' in timeline step; did you mean 'delay'?"
      ]),
    Case(
      what: "bad duration", text: header + "timeline:\n  - at: 5 s\n    cut: redis\n",
      errors: [
        "x.scn:11:9: error: bad duration '5 s' for 'at'; expected a number with a unit: 250ms, 3s, 2m, 1.5s"
      ]),
    Case(
      what: "bare number as duration", text: header + "timeline:\n  - at: 5s\n    cut: redis\n    for: 3\n",
      errors: [
        "x.scn:13:10: error: bad duration '3' for 'for'; expected a number with a unit: 250ms, 3s, 2m, 1.5s; "
          + "did you mean '3s'?"
      ]),
    Case(
      what: "wrong type", text: "name: a\nworkers: [scanner]\n",
      errors: [
        "x.scn:2:10: error: 'workers' must be a mapping (name: count or { command: … }), found a list"
      ]),
    Case(
      what: "unknown proxy", text: header + "timeline:\n  - at: 5s\n    cut: redsi\n",
      errors: [
        "x.scn:12:10: error: 'cut' names unknown proxy 'redsi'; did you mean 'redis'?"
      ]),
    Case(
      what: "unknown service", text: header + "timeline:\n  - at: 5s\n    restart: postgres\n",
      errors: [
        "x.scn:12:14: error: 'restart' names unknown service 'postgres'; expected one of the services rabbitmq, redis"
      ]),
    Case(
      what: "proxy to an unknown service",
      text: "name: a\nservices: { redis: redis }\nproxies:\n  r: { to: redsi }\n",
      errors: [
        "x.scn:4:12: error: proxy 'r' goes to unknown service 'redsi'; did you mean 'redis'?"
      ]),
    Case(
      what: "unknown worker role", text: "name: a\nworkers: { scaner: 1 }\n",
      errors: [
        "x.scn:2:12: error: unknown worker role 'scaner'; did you mean 'scanner'? (a command worker needs 'command:')"
      ]),
    Case(
      what: "negative count", text: "name: a\nworkers: { scanner: -1 }\nworkload: { jobs: -5 }\n",
      errors: [
        "x.scn:2:21: error: 'scanner' must be a whole number from 0 to 64, found '-1'",
        "x.scn:3:19: error: 'jobs' must be a whole number from 0 to 10000000, found '-5'",
      ]),
    Case(
      what: "negative expectation", text: header + "expect:\n  - duplicates: -1\n",
      errors: [
        "x.scn:11:17: error: 'duplicates' must be a whole number of at least 0, found '-1'"
      ]),
    Case(
      what: "two cut windows overlap",
      text: header + "timeline:\n  - at: 5s\n    cut: redis\n    for: 5s\n  - at: 8s\n    cut: redis\n",
      errors: [
        "x.scn:15:5: error: 'cut' on proxy 'redis' from 8s on overlaps 'cut' on the same proxy from 5s to 10s "
          + "(line 11); they cannot both apply: end the first ('for:' or a 'clear' step) before the second starts"
      ]),
    Case(
      what: "cut during a blackhole",
      text: header
        + "timeline:\n  - at: 5s\n    blackhole: rabbitmq\n  - at: 9s\n    cut: rabbitmq\n    for: 1s\n",
      errors: [
        "x.scn:14:5: error: 'cut' on proxy 'rabbitmq' from 9s to 10s overlaps 'blackhole' on the same proxy from 5s "
          + "on (line 11); they cannot both apply: end the first ('for:' or a 'clear' step) before the second starts"
      ]),
    Case(
      what: "metric selector without quotes",
      text: header + "expect:\n  - metric: 'reconnect_success_total{service=redis}'\n",
      errors: [
        "x.scn:11:13: error: bad metric 'reconnect_success_total{service=redis}': bad label matcher "
          + "'service=redis'; expected label=\"value\"; expected a metric such as "
          + "'reconnect_success_total{service=\"redis\"}'"
      ]),
    Case(
      what: "metric value that is no comparison",
      text: header + "expect:\n  - metric: jobs_in_flight\n    value: lots\n    from: downloader\n",
      errors: [
        "x.scn:12:12: error: bad value 'lots'; expected a value like 0, \">= 1\" or \"< 5\" (an operator ==, >=, <=, >, < and a whole number)",
        "x.scn:13:5: error: 'from' does not apply to 'metric'; it goes with 'log'",
      ]),
    Case(
      what: "metrics that is no boolean", text: header + "metrics: yes please\n",
      errors: ["x.scn:10:10: error: 'metrics' must be true or false, found 'yes please'"]),
    Case(
      what: "regex that does not compile", text: header + "expect:\n  - log: /reconnect(ion/\n",
      errors: [
        "x.scn:11:10: error: the regular expression '/reconnect(ion/' for 'log' does not compile: expected ')'"
      ]),
    Case(
      what: "deliveries on a Redis proxy",
      text: header + "timeline:\n  - after: 20 deliveries on redis\n    reset: redis\n",
      errors: [
        "x.scn:11:12: error: 'deliveries' are counted on a rabbitmq proxy, but proxy 'redis' goes to redis service "
          + "'redis'"
      ]),
    Case(
      what: "two verbs in one step",
      text: header + "timeline:\n  - at: 5s\n    cut: redis\n    stop: redis\n",
      errors: [
        "x.scn:13:5: error: timeline step has two actions, 'cut' and 'stop'; put each in its own step"
      ]),
    Case(
      what: "parameter of another verb",
      text: header + "timeline:\n  - at: 5s\n    cut: redis\n    latency: 5ms\n",
      errors: [
        "x.scn:13:5: error: 'latency' does not apply to 'cut'; it goes with 'delay'"
      ]),
    Case(
      what: "delay without latency", text: header + "timeline:\n  - at: 5s\n    delay: redis\n",
      errors: [
        "x.scn:12:5: error: 'delay' needs 'latency', e.g. 'latency: 300ms'"
      ]),
    Case(
      what: "worker index out of range",
      text: header + "timeline:\n  - at: 5s\n    kill worker: downloader\n    index: 3\n",
      errors: [
        "x.scn:13:12: error: 'index' must be a whole number from 1 to 2, found '3'"
      ]),
    Case(
      what: "worker role without workers",
      text: header + "timeline:\n  - at: 5s\n    kill worker: consumer\n",
      errors: [
        "x.scn:12:18: error: 'kill worker' names unknown worker 'consumer'; expected one of the workers downloader, scanner"
      ]),
    Case(
      what: "start a running service", text: header + "timeline:\n  - at: 5s\n    start: redis\n",
      errors: [
        "x.scn:11:5: error: 'start' on service 'redis' at 5s, but it is running then; 'start' applies to a stopped or "
          + "killed service"
      ]),
    Case(
      what: "restart inside a restart",
      text: header + "timeline:\n  - at: 5s\n    restart: redis\n    down: 4s\n  - at: 7s\n    stop: redis\n",
      errors: [
        "x.scn:14:5: error: 'stop' on service 'redis' at 7s falls while it is restarting (line 11, down until 9s); "
          + "expected a time after the restart"
      ]),
    Case(
      what: "step after the deadline",
      text: header + "deadline: 30s\ntimeline:\n  - at: 45s\n    cut: redis\n",
      errors: [
        "x.scn:12:9: error: step at '45s' is not before the deadline (30s); expected a time within the run or a "
          + "longer 'deadline'"
      ]),
    Case(
      what: "'after' with a time", text: header + "timeline:\n  - after: 5s\n    cut: redis\n",
      errors: [
        "x.scn:11:12: error: 'after' takes a log message or 'N deliveries on PROXY', found the duration '5s'; for a "
          + "time use 'at:'"
      ]),
    Case(
      what: "misspelt expectation", text: "name: a\nexpect:\n  - no crsh\n  - jobs: all dne\n",
      errors: [
        "x.scn:3:5: error: unknown expectation 'no crsh'; expected 'no crash' or a mapping such as 'duplicates: 0'; "
          + "did you mean 'no crash'?",
        "x.scn:4:11: error: 'jobs' must be 'all done', found 'all dne'",
      ]),
    Case(
      what: "bad count", text: header + "expect:\n  - log: started\n    count: \"=> 1\"\n",
      errors: [
        "x.scn:12:12: error: bad count '=> 1'; expected a count like 0, \">= 1\" or \"< 5\" (an operator ==, >=, <=, "
          + ">, < and a whole number)"
      ]),
    Case(
      what: "recovery without within", text: header + "expect:\n  - recovery: redis\n",
      errors: [
        "x.scn:11:5: error: 'recovery' needs 'within', e.g. 'within: 3s'"
      ]),
    Case(
      what: "duplicate key", text: "name: a\nseed: 1\nname: b\n",
      errors: [
        "x.scn:3:1: error: duplicate key 'name' (first at line 1); each key may appear once in a mapping"
      ]),
    Case(
      what: "YAML syntax", text: "name: [a\n",
      errors: [
        "x.scn:2:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, "
          + "column 7)"
      ]),
    Case(
      what: "empty file", text: "",
      errors: [
        "x.scn:1:1: error: the file is empty; expected a mapping with at least 'name:'"
      ]),
    Case(
      what: "command for a harness-started service",
      text: "name: a\nservices:\n  r: { kind: redis, restart: \"systemctl restart redis\" }\n",
      errors: [
        "x.scn:3:21: error: 'restart' commands apply to external services only; service 'r' is started by the "
          + "harness (add 'external: host:port' or remove 'restart')"
      ]),
    Case(
      what: "external service without the verb's command",
      text:
        "name: a\nservices:\n  r: { kind: redis, external: \"10.0.0.5:6379\" }\ntimeline:\n  - at: 1s\n    kill: r\n",
      errors: [
        "x.scn:6:11: error: service 'r' is external; 'kill' needs a 'kill: <command>' in its declaration (line 3)"
      ]),
  ]

  /// Aliases are refused before Yams expands them; `*` in ordinary text is not an alias.
  func testAliasesAreRefusedQuickly() throws {
    let laughs = (1...12).map {
      "l\($0): &l\($0) [" + Array(repeating: "*l\($0 - 1)", count: 9).joined(separator: ", ") + "]"
    }
    let text = "l0: &l0 [x]\n" + laughs.joined(separator: "\n") + "\n? *l12\n: 1\nname: a\n"
    let start = Date()
    XCTAssertThrowsError(try ScenarioParser.parse(text: text, file: "x.scn")) { error in
      XCTAssertEqual(
        "\(error)",
        "x.scn:2:10: error: aliases (*name) are not supported in scenario files; write the value out, or quote the "
          + "text if '*' is meant literally")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    let literal = """
      name: stars
      about: Redis *restarts* under load, "*quoted*" and '*single*' # *comment*
      expect:
        - log: "*** ready ***"
        - log: a * b
      """
    XCTAssertEqual(try ScenarioParser.parse(text: literal, file: "x.scn").expectations.count, 2)
    let bullets = "name: b\nabout: |\n  * one\n  * two\n"
    XCTAssertEqual(try ScenarioParser.parse(text: bullets, file: "x.scn").about, "* one\n* two\n")
  }

  func testEmptySectionsAreEmpty() throws {
    let model = try ScenarioParser.parse(
      text: "name: e\ntimeline:\n  # nothing yet\nexpect:\n", file: "x.scn")
    XCTAssertEqual(model.timeline, [])
    XCTAssertEqual(model.expectations, [])
  }

  func testEachBrokenFileGivesItsExactMessages() {
    for broken in Self.cases {
      XCTAssertThrowsError(try ScenarioParser.parse(text: broken.text, file: "x.scn"), broken.what) { error in
        guard let errors = error as? ScenarioErrors else { return XCTFail("\(broken.what): \(error)") }
        XCTAssertEqual(errors.errors.map(\.description), broken.errors, broken.what)
      }
    }
  }

  /// All errors are collected, in file order, not just the first.
  func testAllErrorsAreCollected() {
    let text = """
      name: many
      seed: lots
      services: { redis: redis }
      workers: { scanner: 1 }
      timeline:
        - at: 1s
          cut: nowhere
        - at: 1m
          restart: redis
          down: soon
      expect:
        - lost: none
      """
    XCTAssertThrowsError(try ScenarioParser.parse(text: text, file: "m.scn")) { error in
      XCTAssertEqual(
        (error as? ScenarioErrors)?.errors.map(\.description),
        [
          "m.scn:2:7: error: 'seed' must be a whole number from 0 to 18446744073709551615, found 'lots'",
          "m.scn:7:10: error: 'cut' names unknown proxy 'nowhere'; no proxies are declared",
          "m.scn:10:11: error: bad duration 'soon' for 'down'; expected a number with a unit: 250ms, 3s, 2m, 1.5s",
          "m.scn:12:11: error: 'lost' must be a whole number of at least 0, found 'none'",
        ])
    }
  }

  func testMissingFile() {
    XCTAssertThrowsError(try ScenarioParser.parse(contentsOf: "/nonexistent/x.scn")) { error in
      XCTAssertEqual("\(error)", "/nonexistent/x.scn:1:1: error: the file does not exist")
    }
  }
}
