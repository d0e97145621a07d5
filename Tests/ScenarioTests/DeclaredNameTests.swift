import XCTest

@testable import Scenario

/// A name that would show in another order than it has (bidirectional overrides) or a proxy name
/// that cannot be an API path segment is refused with its `file:line:column`, every one of them.
final class DeclaredNameTests: XCTestCase {
  private func errors(_ text: String) -> [String] {
    do {
      _ = try ScenarioParser.parse(text: text, file: "n.scn")
      return []
    } catch let errors as ScenarioErrors {
      return errors.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  func testBidirectionalOverridesAndASlashInAProxyNameAreRefused() {
    let found = errors(
      """
      name: "safe\u{202E}txt"
      services: { "red\u{2066}is": redis, cache: redis }
      proxies: { "a/b": { to: cache }, "c\u{202A}": { to: cache } }
      workers:
        "w\u{2069}": { command: ["/bin/true"] }
      """)
    XCTAssertEqual(
      found.map { String($0.prefix(48)) },
      [
        "n.scn:1:7: error: the scenario name holds the bi",
        "n.scn:2:13: error: the service name holds the bi",
        "n.scn:3:12: error: the proxy name 'a/b' holds '/",
        "n.scn:3:34: error: the proxy name holds the bidi",
        "n.scn:5:3: error: 'w\u{2069}' is not a worker name; exp",
      ])
  }
}

/// libyaml stops at the first repeated key; the parser reports it, leaves that key's block out and
/// reads on, so every repeated key and every other error comes out of one `chaos validate`.
final class RepeatedKeyTests: XCTestCase {
  func testEveryRepeatedKeyAndTheErrorsAfterThemAreReported() {
    let text = """
      name: dup
      deadline: 20s
      deadline: 30s
      workers:
        ticker:
          command: ["/bin/sh", "-c", "echo tick"]
          count: 1
          count: 2
      timeline:
        - at: 1s
          reset: nope
      """
    XCTAssertThrowsError(try ScenarioParser.parse(text: text, file: "d.scn")) { error in
      XCTAssertEqual(
        (error as? ScenarioErrors)?.errors.map { String($0.description.prefix(40)) },
        [
          "d.scn:3:1: error: duplicate key 'deadlin",
          "d.scn:8:5: error: duplicate key 'count' ",
          "d.scn:11:12: error: 'reset' names unknow",
        ])
    }
  }
}
