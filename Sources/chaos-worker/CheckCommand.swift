import ArgumentParser
import Foundation
import LogVocabulary
import Logging
import Pipeline
import Resilience

/// `chaos-worker check --expect N [--json]`: what the pipeline did with N fed documents.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Report jobs done, stuck, lost and duplicated, and messages left; exit 1 unless all is clean.")

  @Option(help: "How many documents were fed.")
  var expect: Int

  @Flag(help: "Print the report as JSON.")
  var json = false

  @Flag(
    help: """
      Print the verdict of the check-command contract (docs/bring-your-own.md): {"expected", "done", \
      "lost": [ids], "duplicates": [ids]}, with the whole report under "pipeline".
      """)
  var verdict = false

  func run() throws {
    guard expect >= 0 else { throw ValidationError("--expect must be zero or more") }
    let settings = try StartUpInput.read("chaos-worker") { try WorkerSettings() }
    let quiet = Logger(label: "check", factory: { _ in SwiftLogNoOpLogHandler() })
    let report: PipelineReport
    do {
      report = try PipelineChecker(settings: settings, logger: quiet).check(expected: expect)
    } catch {
      FileHandleError.print("chaos-worker check: \(error)")
      throw ExitCode(2)
    }
    if verdict {
      print(try VerdictLine.text(expected: expect, report: report))
    } else if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
      print("fed \(report.fed), done \(report.done), lost \(report.lost), duplicates \(report.duplicates)")
      print(
        "stuck: \(report.stuck.isEmpty ? "none" : report.stuck.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
      )
      print(
        "queues: \(report.queues.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
      )
      for (kind, ids) in report.examples.sorted(by: { $0.key < $1.key }) {
        print("\(kind): \(ids.joined(separator: " "))")
      }
    }
    if !report.isClean { throw ExitCode(1) }
  }
}
