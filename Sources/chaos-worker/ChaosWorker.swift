import ArgumentParser
import Foundation
import Pipeline
import Resilience

/// `chaos-worker`: the document pipeline's workers.
@main
struct ChaosWorker: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chaos-worker",
    abstract: "The document pipeline's workers: scanner, downloader, translator, consumer.",
    discussion: """
      Each worker logs JSON lines on stdout and reads its settings from the environment:

      \(ResilienceSettings.helpText)
      \(WorkerSettings.helpText)

      Example:
        REDIS_URL=redis://127.0.0.1:6379/0 RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
          chaos-worker downloader
      """,
    subcommands: [
      ScannerCommand.self, DownloaderCommand.self, TranslatorCommand.self, ConsumerCommand.self,
      CheckCommand.self,
      FeedCommand.self, PublishCommand.self, SettingsCommand.self,
    ])

  /// Bad usage exits 2 (not ArgumentParser's 64), like every chaos command.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandleError.print(fullMessage(for: error))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
