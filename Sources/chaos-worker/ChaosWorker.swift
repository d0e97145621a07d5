import ArgumentParser

/// `chaos-worker`: the document pipeline's workers.
@main
struct ChaosWorker: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chaos-worker",
    abstract: "The document pipeline's workers: scanner, downloader, translator, consumer.",
    subcommands: [])
}
