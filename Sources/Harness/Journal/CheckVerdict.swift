import Foundation

/// One run of the scenario's verdict command (`check:`): the JSON object it printed,
/// `{"expected": N, "done": N, "lost": [ids], "duplicates": [ids]}` (every field optional; the
/// last stdout line that parses as an object wins), and its exit status (0 = all done).
public struct CheckVerdict: Sendable, Equatable, Codable {
  /// Seconds since the workload started, when the command finished.
  public var time: Double
  /// Which run of the command this is, from 1.
  public var run: Int
  public var exitStatus: Int32?
  public var expected: Int?
  public var done: Int?
  public var lost: [String]?
  public var duplicates: [String]?
  /// The command's last output lines when it printed no verdict, or why it could not run.
  public var problem: String?

  public init(
    time: Double, run: Int, exitStatus: Int32?, expected: Int? = nil, done: Int? = nil, lost: [String]? = nil,
    duplicates: [String]? = nil, problem: String? = nil
  ) {
    self.time = time
    self.run = run
    self.exitStatus = exitStatus
    self.expected = expected
    self.done = done
    self.lost = lost
    self.duplicates = duplicates
    self.problem = problem
  }

  /// The command said all is done (exit 0).
  public var passed: Bool { exitStatus == 0 }

  /// True when the command printed a verdict object.
  public var hasReport: Bool { problem == nil }

  /// `expected 200, done 200, lost 0, duplicates 0 (exit 0)`.
  public var summary: String {
    guard hasReport else { return "no verdict (exit \(exitStatus.map(String.init) ?? "none"))" }
    var parts: [String] = []
    if let expected { parts.append("expected \(expected)") }
    if let done { parts.append("done \(done)") }
    if let lost { parts.append("lost \(lost.count)") }
    if let duplicates { parts.append("duplicates \(duplicates.count)") }
    return (parts.isEmpty ? "no counts" : parts.joined(separator: ", "))
      + " (exit \(exitStatus.map(String.init) ?? "none"))"
  }

  /// The fields of the contract, read from the last line of `lines` that is a JSON object.
  struct Fields: Decodable {
    var expected: Int?
    var done: Int?
    var lost: [IdText]?
    var duplicates: [IdText]?
  }

  /// An id as text, whether the command printed `"a1"` or `17`.
  struct IdText: Decodable {
    var text: String
    init(from decoder: Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let string = try? container.decode(String.self) {
        text = string
      } else if let number = try? container.decode(Int.self) {
        text = String(number)
      } else {
        text = String(try container.decode(Double.self))
      }
    }
  }

  static func fields(in lines: [String]) -> Fields? {
    for line in lines.reversed() where line.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
      if let fields = try? JSONDecoder().decode(Fields.self, from: Data(line.utf8)) { return fields }
    }
    return nil
  }
}
