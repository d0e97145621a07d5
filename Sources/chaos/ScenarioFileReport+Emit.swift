import ArgumentParser
import Foundation
import ProcessLifecycle
import Scenario

extension ScenarioFileReport {
  /// Prints the lines (errors on stderr) and exits 2 unless every file was valid.
  func emit() throws {
    for line in lines {
      if line.isError {
        StandardStream.error.write(line.text + "\n")
      } else {
        print(line.text)
      }
    }
    if !allValid { throw ExitCode(2) }
  }
}
