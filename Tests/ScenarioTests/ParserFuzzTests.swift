import Foundation
import Harness
import SeededRandom
import XCTest

@testable import Scenario

/// Thousands of random and mutated files: the parser never crashes and always answers with either a
/// model or located ``ScenarioErrors``.
final class ParserFuzzTests: XCTestCase {
  static let fragments = [
    "name:", "about:", "seed:", "deadline:", "services:", "proxies:", "workers:", "settings:", "workload:",
    "timeline:", "expect:", "- at: 5s", "- after: 20 deliveries on rabbitmq", "cut: redis", "delay: redis",
    "restart: redis", "down: 4s", "for: 3s", "latency: 300ms", "kill worker: downloader", "index: 2",
    "- log: /a+b/", "count: \">= 1\"", "- no crash", "{ to: redis }", "[1, 2, 3]", "&anchor", "*anchor", "~",
    "null", "'quoted'", "\"dq\\u00e9\"", "|", ">", "---", "...", "#comment", "!!str", "!!map", "? complex",
    "99999999999999999999999999999", "-1", "1e308", ".inf", "\t", "  ", "\u{FEFF}", "é", "🙂", ":", "- ", "{",
    "}", "[",
    "]", ",", "redis", "rabbitmq", "downloader", "50/s", "10KB/s", "20%",
  ]

  func testRandomAndMutatedFilesNeverCrash() {
    var generator = SeededGenerator(seed: 0x5CE7_A210)
    let base = DesignExample.text
    var parsed = 0
    var rejected = 0
    let start = Date()
    for round in 0..<3_000 {
      let text = Self.makeInput(round: round, base: base, using: &generator)
      switch Self.check(text, file: "fuzz-\(round).scn") {
      case .model: parsed += 1
      case .errors: rejected += 1
      case .failure(let reason):
        XCTFail("round \(round): \(reason)\n--- input ---\n\(text.prefix(2_000))")
        return
      }
    }
    let seconds = Date().timeIntervalSince(start)
    print(
      "fuzz: 3000 files, \(parsed) valid, \(rejected) rejected with errors, \(String(format: "%.2f", seconds)) s"
    )
    XCTAssertGreaterThan(parsed, 0, "some mutations keep the file valid")
    XCTAssertGreaterThan(rejected, 1_000, "most mutations are caught")
  }

  func testDeepNestingAndHugeValues() {
    let inputs = [
      "name: " + String(repeating: "[", count: 5_000),
      "name: a\nabout: " + String(repeating: "{a: ", count: 3_000) + "1"
        + String(repeating: "}", count: 3_000),
      (0..<1_500).map { String(repeating: "  ", count: $0) + "a:" }.joined(separator: "\n"),
      (0..<1_500).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n"),
      "name: a\nseed: " + String(repeating: "9", count: 10_000),
      "name: a\ndeadline: " + String(repeating: "9", count: 400) + "s",
      "name: a\nworkload: { jobs: 1, rate: " + String(repeating: "9", count: 400) + "/s }",
      "name: a\n" + String(repeating: "x", count: 200_000) + ": 1",
      "name: a\nworkers: { scanner: 9223372036854775808 }",
      "name: a\nservices: { r: redis }\nproxies: { r: { to: r } }\ntimeline:\n  - at: 86400s\n    delay: r\n    latency: 86400s",
      String(repeating: "name: a\n", count: 2),
      "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nname: *c",
    ]
    for (index, text) in inputs.enumerated() {
      if case .failure(let reason) = Self.check(text, file: "deep-\(index).scn") {
        XCTFail("input \(index): \(reason)")
      }
    }
  }

  enum Outcome {
    case model
    case errors
    case failure(String)
  }

  /// Parses `text` and checks the answer's shape: a model, or errors located in this file, in order.
  static func check(_ text: String, file: String) -> Outcome {
    do {
      let model = try ScenarioParser.parse(text: text, file: file)
      return model.name.isEmpty ? .failure("a model without a name") : .model
    } catch let errors as ScenarioErrors {
      if errors.errors.isEmpty { return .failure("ScenarioErrors without errors") }
      for error in errors.errors {
        if error.location.file != file || error.location.line < 1 || error.location.column < 1 {
          return .failure("bad location \(error.location)")
        }
        if error.message.isEmpty { return .failure("an empty message") }
      }
      let lines = errors.errors.map(\.location.line)
      if lines != lines.sorted() { return .failure("errors not in file order: \(lines)") }
      return .errors
    } catch {
      return .failure("threw \(type(of: error)): \(error)")
    }
  }

  static func makeInput(round: Int, base: String, using generator: inout SeededGenerator) -> String {
    var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let mutations = Int.random(in: 1...4, using: &generator)
    for _ in 0..<mutations {
      let index = Int.random(in: 0..<max(1, lines.count), using: &generator)
      switch Int.random(in: 0..<10, using: &generator) {
      case 0 where !lines.isEmpty:
        lines.remove(at: index)
      case 1 where !lines.isEmpty:
        lines.insert(lines[index], at: index)
      case 2 where lines.count > 1:
        lines.swapAt(index, Int.random(in: 0..<lines.count, using: &generator))
      case 3 where !lines.isEmpty:
        lines[index] = mutateCharacters(lines[index], using: &generator)
      case 4 where !lines.isEmpty:
        lines[index] += " " + fragments.randomElement(using: &generator)!
      case 5:
        lines.insert(
          String(repeating: " ", count: Int.random(in: 0...8, using: &generator))
            + fragments.randomElement(using: &generator)! + " " + fragments.randomElement(using: &generator)!,
          at: index)
      case 6 where !lines.isEmpty:
        lines[index] = lines[index].replacingOccurrences(
          of: "[0-9]+", with: String(repeating: "9", count: Int.random(in: 1...40, using: &generator)),
          options: .regularExpression)
      case 7:
        let joined = lines.joined(separator: "\n")
        let cut = Int.random(in: 0...joined.count, using: &generator)
        lines = String(joined.prefix(cut)).split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init)
      case 8 where !lines.isEmpty:
        let indent = Int.random(in: -2...2, using: &generator)
        lines[index] =
          indent >= 0
          ? String(repeating: " ", count: indent) + lines[index] : String(lines[index].dropFirst(-indent))
      default:
        // An entirely random file from fragments, one in ten rounds.
        if round % 10 == 0 {
          lines = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
            String(repeating: " ", count: Int.random(in: 0...6, using: &generator))
              + (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                fragments.randomElement(using: &generator)!
              }.joined(separator: " ")
          }
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Replaces, inserts or deletes a few characters, some of them control characters or odd Unicode.
  static func mutateCharacters(_ line: String, using generator: inout SeededGenerator) -> String {
    var scalars = Array(line.unicodeScalars)
    let pool: [Unicode.Scalar] = [
      "\u{0}", "\u{7}", "\u{1B}", "\t", "\r", ":", "-", "[", "{", "\"", "'", "&", "*", "!", "%", "@", "`",
      "|", ">",
      "#", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{FFFD}", "é", "🙂", "a", "0", " ",
    ]
    for _ in 0..<Int.random(in: 1...3, using: &generator) {
      let position = Int.random(in: 0...scalars.count, using: &generator)
      let scalar = pool.randomElement(using: &generator)!
      switch Int.random(in: 0..<3, using: &generator) {
      case 0 where position < scalars.count: scalars[position] = scalar
      case 1 where position < scalars.count: scalars.remove(at: position)
      default: scalars.insert(scalar, at: position)
      }
    }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars)
    return String(result)
  }
}
