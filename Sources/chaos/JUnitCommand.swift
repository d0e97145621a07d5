import ArgumentParser
import Foundation
import Harness
import ProcessLifecycle

/// `chaos junit merge A.xml B.xml … -o MERGED.xml`: the JUnit files of the shards of a suite
/// (`chaos run --shard I/N --junit F`) as one.
struct JUnitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "junit",
    abstract: "Work with JUnit files written by `chaos run --junit`.",
    subcommands: [JUnitMergeCommand.self])
}

struct JUnitMergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge JUnit files (one per shard) into one: every testsuite kept, the counts summed.",
    discussion: "Exit status: 0 written, 2 an input is not a JUnit file or the output cannot be written.")

  @Argument(help: "JUnit files, for example those of `chaos run --shard I/N --junit F`.")
  var files: [String]

  @Option(name: .shortAndLong, help: "The merged JUnit file to write.")
  var output: String

  func run() throws {
    let merged: String
    do {
      merged = try JUnitMerge.merge(files: files)
    } catch {
      StandardStream.error.write("✘ \(error)\n")
      throw ExitCode(2)
    }
    do {
      try merged.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      StandardStream.error.write("✘ \(output): cannot be written: \(error.localizedDescription)\n")
      throw ExitCode(2)
    }
  }
}
