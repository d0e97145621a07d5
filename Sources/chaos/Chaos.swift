import ArgumentParser

/// `chaos`: runs outage scenarios against workers, through a fault-injection proxy.
@main
struct Chaos: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chaos",
    abstract: "Chaos-testing harness and fault-injection proxy for Redis and RabbitMQ workers.",
    subcommands: [ProxyCommand.self])
}
