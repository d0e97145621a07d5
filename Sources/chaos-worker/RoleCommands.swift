import ArgumentParser
import Foundation
import Logging
import Pipeline
import ProcessLifecycle
import Resilience
import WorkerMetrics

/// `chaos-worker scanner|downloader|translator|consumer`: one subcommand per role, one shared body.
protocol RoleCommand: ParsableCommand {
  static var role: PipelineRole { get }
}

extension RoleCommand {
  func run() throws {
    try WorkerMain.run(Self.role)
  }
}

struct ScannerCommand: RoleCommand {
  static let configuration = CommandConfiguration(
    commandName: "scanner", abstract: "Take documents from the inbox, create jobs, publish job.created.")
  static let role = PipelineRole.scanner
}

struct DownloaderCommand: RoleCommand {
  static let configuration = CommandConfiguration(
    commandName: "downloader", abstract: "Consume job.created, store the content, publish job.downloaded.")
  static let role = PipelineRole.downloader
}

struct TranslatorCommand: RoleCommand {
  static let configuration = CommandConfiguration(
    commandName: "translator",
    abstract: "Consume job.downloaded, store the translation, publish job.translated.")
  static let role = PipelineRole.translator
}

struct ConsumerCommand: RoleCommand {
  static let configuration = CommandConfiguration(
    commandName: "consumer", abstract: "Consume job.translated, verify the checksum, mark the job done once.")
  static let role = PipelineRole.consumer
}

/// Starts a worker: settings (exit 2 when invalid), JSON logging, signals, the role's loop, and
/// the logged shutdown steps.
enum WorkerMain {
  static func run(_ role: PipelineRole) throws {
    let settings = try StartUpInput.read("chaos-worker") { try WorkerSettings() }
    let metrics = try StartUpInput.read("chaos-worker: METRICS_PORT=\(settings.metricsPort ?? 0)") {
      try settings.metricsPort.map { try WorkerMetricsEndpoint(port: $0) }
    }
    WorkerLogging.bootstrap(worker: role.rawValue) { metrics?.handler(wrapping: $0) ?? $0 }
    let logger = Logger(label: "worker")
    let stop = StopFlag()
    StopSignals.trap(stop)
    let runtime = WorkerRuntime(role: role, settings: settings, stop: stop, logger: logger)
    let events = WorkerEventLog(logger: logger)
    events.event(
      "worker.started",
      [
        "role": .string(role.rawValue), "pid": .stringConvertible(Int(getpid())),
        "redis": .string(settings.resilience.redisURL.description),
        "rabbitmq": .string(settings.resilience.rabbitURL.description),
        "metrics_port": metrics.map { .stringConvertible(Int($0.server.port)) } ?? .string("off"),
      ])
    stop.onStop(after: 3) {
      // Still inside a reconnection wait 3 s after the signal: closing the clients interrupts it.
      runtime.shutdown()
    }
    do {
      switch role {
      case .scanner: try ScannerWorker(runtime: runtime).run()
      case .downloader: try ConsumingWorker(runtime: runtime, stage: DownloadStage()).run()
      case .translator: try ConsumingWorker(runtime: runtime, stage: TranslateStage()).run()
      case .consumer: try ConsumingWorker(runtime: runtime, stage: CompleteStage()).run()
      }
    } catch is WorkerGaveUp {
      exit(3)  // `skip-reconnect`: the loop logged worker.giving_up and shut down
    }
    events.event("worker.stopping", ["signal": .string(stop.reason ?? "none")])
    events.event("Stopping consumption")
    runtime.shutdown()
    events.event("worker.stopped")
  }
}

enum FileHandleError {
  static func print(_ text: String) {
    StandardStream.error.write(text + "\n")
  }
}
