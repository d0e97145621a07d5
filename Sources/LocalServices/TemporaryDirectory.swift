import Foundation

/// A fresh directory under the system temp dir (`$TMPDIR` or /tmp), removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
  public let path: String

  public init(prefix: String) throws {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let suffix = UUID().uuidString.prefix(8).lowercased()
    path = "\(base)/\(prefix)-\(suffix)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  public func file(_ name: String) -> String { "\(path)/\(name)" }

  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
