import Foundation
import LogVocabulary
import Scenario

@testable import Harness

/// Builds journals from recorded worker lines, as the runner would have collected them.
struct RecordedJournal {
  var journal: RunJournal

  init(
    jobs: Int = 3, settings: [String: String] = [:],
    services: [String: ServiceKind] = ["redis": .redis, "rabbitmq": .rabbitmq]
  ) {
    let here = SourceLocation(file: "recorded.scn", line: 1, column: 1)
    let model = ScenarioModel(
      file: "recorded.scn", name: "recorded", seed: 7,
      services: services.sorted { $0.key < $1.key }.map {
        ServiceDeclaration(name: $0.key, kind: $0.value, location: here)
      },
      workers: [
        WorkerDeclaration(role: .scanner, count: 1, location: here),
        WorkerDeclaration(role: .downloader, count: 2, location: here),
      ],
      settings: settings, workload: Workload(jobs: jobs, rate: 10))
    journal = RunJournal(scenario: ScenarioSummary(model))
    journal.fed = jobs
  }

  /// Adds a line from `instance` (e.g. `downloader#1`) that arrived at `time`.
  mutating func line(_ time: Double, _ instance: String, _ text: String, generation: Int = 1) {
    let role = String(instance.split(separator: "#")[0])
    journal.events.append(
      WorkerEvent(
        sequence: journal.events.count, time: time, instance: instance, role: role, generation: generation,
        text: text,
        fields: WorkerEvent.parseFields(text)))
  }

  /// Adds a JSON event with `msg` and fields.
  mutating func event(
    _ time: Double, _ instance: String, _ message: String, level: String = "info",
    _ fields: [String: Any] = [:],
    generation: Int = 1
  ) {
    var object: [String: Any] = fields
    object["msg"] = message
    object["level"] = level
    object["worker"] = String(instance.split(separator: "#")[0])
    object["ts"] = RecordedJournal.timestamp(time)
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    line(time, instance, String(decoding: data, as: UTF8.self), generation: generation)
  }

  /// A worker timestamp `time` seconds after a fixed origin.
  static func timestamp(_ time: Double) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date(timeIntervalSince1970: 1_800_000_000 + time))
  }

  mutating func checker(
    fed: Int = 3, done: Int = 3, lost: Int = 0, duplicates: Int = 0, queues: [String: Int] = ["downloader": 0]
  ) {
    journal.checker = CheckerRun(
      time: 10, exitStatus: lost + duplicates > 0 ? 1 : 0,
      report: PipelineReport(
        fed: fed, done: done, stuck: [:], lost: lost, duplicates: duplicates, queues: queues),
      problem: nil)
  }

  /// A timeline step that took `service` away from `start` to `end`.
  mutating func outage(_ service: String, from start: Double, to end: Double?, verb: String = "restart") {
    journal.timeline.append(
      StepRecord(
        index: journal.timeline.count, description: "\(verb) \(service)", trigger: "at \(start)s",
        location: "recorded.scn:9:5", verb: verb, target: service, targetKind: "service", service: service,
        interruptsService: true, startedAt: start, endedAt: end))
  }

  /// Three jobs completed cleanly, each acked once.
  mutating func cleanRun() {
    for (index, job) in ["doc-000001", "doc-000002", "doc-000003"].enumerated() {
      let time = Double(index) + 1
      event(time, "scanner#1", "job.created", ["job": job])
      event(
        time + 0.1, "downloader#1", "message.acked",
        ["queue": "downloader", "job": job, "delivery_tag": index + 1])
      event(time + 0.2, "downloader#1", "job.done", ["job": job, "duplicate": false])
    }
    checker()
  }

  func evaluate(_ kind: any Checker) -> ExpectationResult {
    ExpectationEvaluator.evaluate(
      Expectation(kind: kind, location: SourceLocation(file: "recorded.scn", line: 20, column: 5)),
      in: journal)
  }
}
