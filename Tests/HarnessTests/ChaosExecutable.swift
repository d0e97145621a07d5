import Foundation
import XCTest

/// The `chaos` executable built next to the test bundle.
enum ChaosExecutable {
  static func locate() throws -> String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var directory = (executable as NSString).deletingLastPathComponent
    for _ in 0..<3 {
      let candidate = "\(directory)/chaos"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = (directory as NSString).deletingLastPathComponent
    }
    throw MissingTool.error(
      "the chaos executable is not built next to the tests (swift build --product chaos)")
  }
}
