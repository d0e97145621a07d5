import Foundation

/// The timing file of `chaos run --timings F`: each scenario file's wall time (seconds) in the
/// last run that ran it, keyed by file name (`redis-restart.scn`, so the file is the same whether
/// the suite was named `scenarios/` or `./scenarios`). Written after a run without `--shard` (the
/// scenarios that ran are updated, the others kept); only read by `--shard I/N`, to balance the
/// shards (``SuiteShard``): a shard that wrote it would change the split of the shards run after
/// it from the same file. Meant to be committed beside the scenarios.
///
/// ```json
/// {"version": 1, "scenarios": {"blackhole.scn": 17.6, "redis-restart.scn": 31.0}}
/// ```
public struct ScenarioTimings: Sendable, Equatable {
  /// Largest timing file read, in bytes (about 20 000 scenarios).
  public static let maximumFileBytes = 1 << 20

  public private(set) var seconds: [String: Double]

  public init(seconds: [String: Double] = [:]) { self.seconds = seconds }

  /// The key of a scenario file: its file name.
  public static func key(_ file: String) -> String { (file as NSString).lastPathComponent }

  public func seconds(for file: String) -> Double? { seconds[Self.key(file)] }

  public mutating func record(_ value: Double, for file: String) {
    guard value.isFinite, value >= 0 else { return }
    seconds[Self.key(file)] = (value * 1000).rounded() / 1000
  }

  private struct Document: Codable {
    var version: Int
    var scenarios: [String: Double]
  }

  /// Reads `path`; no file is no timings (every scenario sharded by name hash). A file that is
  /// not a timing file throws, naming it.
  public static func read(_ path: String) throws -> ScenarioTimings {
    guard FileManager.default.fileExists(atPath: path) else { return ScenarioTimings() }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ShardError("\(path): the timing file cannot be read: \(error.localizedDescription)")
    }
    guard data.count <= maximumFileBytes else {
      throw ShardError("\(path): the timing file is larger than \(maximumFileBytes) bytes")
    }
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: data)
    } catch {
      throw ShardError(
        "\(path): not a timing file written by `chaos run --timings` (expected {\"version\": 1, \"scenarios\": {name: seconds}})"
      )
    }
    guard document.version == 1 else {
      throw ShardError("\(path): timing file version \(document.version), this chaos reads version 1")
    }
    if let bad = document.scenarios.first(where: { !$0.value.isFinite || $0.value < 0 }) {
      throw ShardError("\(path): the timing of \(bad.key) is \(bad.value), expected seconds ≥ 0")
    }
    return ScenarioTimings(seconds: document.scenarios)
  }

  /// Writes the file (sorted keys, one run's worth of diff when committed).
  public func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(Document(version: 1, scenarios: seconds))
    try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}
