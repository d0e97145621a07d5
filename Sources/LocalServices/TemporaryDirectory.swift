import Foundation

/// A fresh directory under the system temp dir (`$TMPDIR` or /tmp), removed by ``remove()``.
///
/// It holds an owner file naming the process that made it (pid and start time, so a reused pid is
/// not mistaken for the owner). A directory whose owner is gone — chaos was killed with SIGKILL and
/// could not clean up; its children died with it (``ChildSpawner``) — is an orphan, and
/// ``removeOrphans()`` (called when `chaos run` and `chaos soak` start) deletes it. ``keep()``
/// removes the owner file: a directory kept on purpose (`--keep`) is never an orphan.
public struct TemporaryDirectory: Sendable {
  public let path: String
  static let ownerFile = ".chaos-owner"

  public init(prefix: String) throws {
    let suffix = UUID().uuidString.prefix(8).lowercased()
    path = "\(Self.base)/\(prefix)-\(suffix)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try ProcessIdentity.current.text.write(toFile: file(Self.ownerFile), atomically: true, encoding: .utf8)
  }

  static var base: String { ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp" }

  public func file(_ name: String) -> String { "\(path)/\(name)" }

  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The directory outlives its owner on purpose: it is never removed as an orphan.
  public func keep() {
    try? FileManager.default.removeItem(atPath: file(Self.ownerFile))
  }

  /// Removes every directory in the temp dir whose owner process has ended; returns what it removed,
  /// each with the owner's pid.
  @discardableResult
  public static func removeOrphans() -> [(path: String, owner: Int32)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
    var removed: [(path: String, owner: Int32)] = []
    for name in names {
      let directory = "\(base)/\(name)"
      guard let text = try? String(contentsOfFile: "\(directory)/\(ownerFile)", encoding: .utf8),
        let owner = ProcessIdentity(text: text), !owner.isAlive
      else { continue }
      if (try? FileManager.default.removeItem(atPath: directory)) != nil {
        removed.append((directory, owner.pid))
      }
    }
    return removed
  }
}
