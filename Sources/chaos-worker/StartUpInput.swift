import ArgumentParser

/// What a command reads before it starts (its settings from the environment, its metrics port): a
/// failure prints `<who>: <error>` on stderr and exits 2, like every bad input of chaos.
enum StartUpInput {
  static func read<Value>(_ who: String, _ body: () throws -> Value) throws -> Value {
    do {
      return try body()
    } catch {
      FileHandleError.print("\(who): \(error)")
      throw ExitCode(2)
    }
  }
}
