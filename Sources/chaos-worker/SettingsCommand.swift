import ArgumentParser
import Foundation
import Pipeline

/// `chaos-worker settings`: reads the workers' settings from the environment, as every role does
/// at start, and exits 2 naming the variable and its range when one is out of range. The harness
/// runs it before a scenario with built-in workers starts anything.
struct SettingsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "settings",
    abstract: "Check the workers' settings in the environment (exit 2 when one is invalid).")

  func run() throws {
    do {
      _ = try WorkerSettings()
    } catch {
      FileHandleError.print("chaos-worker: \(error)")
      throw ExitCode(2)
    }
  }
}
