import Foundation
import XCTest

/// A tool a test needs (an executable, an installed server) is missing. Locally the test is
/// skipped; under `CI=true` it fails, so that a CI run cannot pass by skipping what it should test.
struct MissingTool: Error, CustomStringConvertible {
  let description: String

  /// What to throw: an `XCTSkip` locally, a ``MissingTool`` (a failure) when `CI=true`.
  static func error(_ message: String) -> any Error {
    ProcessInfo.processInfo.environment["CI"] == "true"
      ? MissingTool(description: "\(message) (CI=true: a missing tool fails the test)") : XCTSkip(message)
  }

  /// Throws ``error(_:)`` unless `present`.
  static func require(_ present: Bool, _ message: String) throws {
    if !present { throw error(message) }
  }
}
