import ArgumentParser
import Foundation
import ProcessLifecycle

/// `chaos`: runs outage scenarios against workers, through a fault-injection proxy.
@main
struct Chaos: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chaos",
    abstract: "Chaos-testing harness and fault-injection proxy for Redis and RabbitMQ workers.",
    version: ChaosVersion.text,
    subcommands: [
      RunCommand.self, ValidateCommand.self, ListCommand.self, ProxyCommand.self, ReportCommand.self,
      SoakCommand.self, JUnitCommand.self,
    ])

  /// Exit status 2 for usage errors (DESIGN §5: 2 = invalid input), not ArgumentParser's 64.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        StandardStream.error.write(fullMessage(for: error) + "\n")
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
