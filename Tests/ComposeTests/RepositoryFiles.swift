import Foundation

/// Paths of the files the compose checks read, from the repository root (found from this file).
enum RepositoryFiles {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  static let composeDirectory = "\(root)/compose"
  static let composeFile = "\(composeDirectory)/docker-compose.yml"
  static let externalScenario = "\(composeDirectory)/external-redis-restart.scn"

  /// A path as written in the compose file (relative to its directory), made absolute.
  static func fromComposeDirectory(_ path: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: "\(composeDirectory)/\(path)").standardized.path
  }

  /// A path as a command run from the repository root sees it, made absolute.
  static func fromRoot(_ path: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: "\(root)/\(path)").standardized.path
  }

  static func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }
}
