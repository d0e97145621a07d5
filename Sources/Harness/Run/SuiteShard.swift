/// `chaos run DIR --shard I/N`: shard I (1-based) of N takes a stable share of the suite's
/// scenario files, balanced by the durations of a timing file (``ScenarioTimings``).
///
/// The share is decided from the file list and the timings alone, so N machines given the same
/// files and the same timing file split them with every file in exactly one shard:
/// - a file without a timing goes to shard `FNV-1a(file name) mod N` (its load counted as the
///   mean of the known durations, or 1 s when none is known);
/// - then the files with a timing, longest first (ties by path), each to the shard with the least
///   load so far (ties to the lowest shard).
public struct SuiteShard: Sendable, Equatable, CustomStringConvertible {
  /// Most shards `--shard I/N` accepts.
  public static let maximumCount = 1000

  /// 1-based.
  public let index: Int
  public let count: Int

  public init(index: Int, count: Int) throws {
    guard count >= 1, count <= Self.maximumCount else {
      throw ShardError("the shard count must be 1…\(Self.maximumCount), found \(count)")
    }
    guard index >= 1, index <= count else {
      throw ShardError("the shard must be 1…\(count), found \(index)")
    }
    self.index = index
    self.count = count
  }

  /// Parses `I/N`, for example `2/4`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw ShardError("--shard takes I/N (for example 1/2), found \"\(text)\"")
    }
    try self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }

  /// The files of this shard, in the order given.
  public func files(of files: [String], timings: ScenarioTimings) -> [String] {
    let shards = Self.assign(files, count: count, timings: timings)
    return files.indices.filter { shards[$0] == index - 1 }.map { files[$0] }
  }

  /// The 0-based shard of each file.
  static func assign(_ files: [String], count: Int, timings: ScenarioTimings) -> [Int] {
    var shard = Array(repeating: 0, count: files.count)
    var load = Array(repeating: 0.0, count: count)
    let known = files.compactMap { timings.seconds(for: $0) }
    let unknownLoad = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
    var timed: [(position: Int, seconds: Double)] = []
    for (position, file) in files.enumerated() {
      if let seconds = timings.seconds(for: file) {
        timed.append((position, seconds))
      } else {
        let chosen = Int(Self.nameHash(ScenarioTimings.key(file)) % UInt64(count))
        shard[position] = chosen
        load[chosen] += unknownLoad
      }
    }
    timed.sort { lhs, rhs in
      lhs.seconds != rhs.seconds ? lhs.seconds > rhs.seconds : files[lhs.position] < files[rhs.position]
    }
    for entry in timed {
      var chosen = 0
      for candidate in load.indices where load[candidate] < load[chosen] { chosen = candidate }
      shard[entry.position] = chosen
      load[chosen] += entry.seconds
    }
    return shard
  }

  /// FNV-1a, 64 bits: the same on every machine and every run (Swift's `hashValue` is seeded per process).
  static func nameHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0100_0000_01b3
    }
    return hash
  }
}

/// A bad `--shard` or timing file.
public struct ShardError: Error, CustomStringConvertible, Equatable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
