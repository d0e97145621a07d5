/// `{proxy.NAME}`, `{proxy.NAME.host}`, `{proxy.NAME.port}`, `{service.NAME}` (also `.host`,
/// `.port`), `{run.prefix}`, `{run.dir}`: addresses and run facts written into commands, `env`
/// values, `logs` and external verb commands, replaced when the run knows them.
///
/// Only `{proxy.…}`, `{service.…}` and `{run.…}` are placeholders; any other brace (a JSON body in
/// a shell line) is left as written.
public struct Placeholder: Sendable, Equatable, Hashable {
  public enum Scope: String, Sendable, CaseIterable {
    case proxy, service, run
  }
  public enum Part: String, Sendable {
    case address, host, port
  }

  public var scope: Scope
  /// The proxy or service name, or `prefix` / `dir` for `run`.
  public var name: String
  public var part: Part
  /// Offset (in characters) of the `{` in the text it was found in.
  public var offset: Int
  /// The placeholder as written, braces included.
  public var written: String

  /// The key the run's values are looked up by: `proxy.redis`, `service.redis.port`, `run.dir`.
  public var key: String {
    part == .address ? "\(scope.rawValue).\(name)" : "\(scope.rawValue).\(name).\(part.rawValue)"
  }

  /// Every placeholder in `text`, and every `{proxy.…}`-looking text that is not a valid one (with why).
  public static func scan(_ text: String) -> (
    found: [Placeholder], malformed: [(offset: Int, written: String)]
  ) {
    var found: [Placeholder] = []
    var malformed: [(Int, String)] = []
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      guard characters[index] == "{", let close = characters[index...].firstIndex(of: "}") else {
        index += 1
        continue
      }
      let inner = String(characters[(index + 1)..<close])
      let parts = inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard let first = parts.first, let scope = Scope(rawValue: first) else {
        index += 1
        continue
      }
      let written = "{\(inner)}"
      switch scope {
      case .run where parts.count == 2 && ["prefix", "dir"].contains(parts[1]):
        found.append(
          Placeholder(scope: .run, name: parts[1], part: .address, offset: index, written: written))
      case .proxy, .service:
        if parts.count == 2 && !parts[1].isEmpty {
          found.append(
            Placeholder(scope: scope, name: parts[1], part: .address, offset: index, written: written))
        } else if parts.count == 3 && !parts[1].isEmpty, let part = Part(rawValue: parts[2]), part != .address
        {
          found.append(Placeholder(scope: scope, name: parts[1], part: part, offset: index, written: written))
        } else {
          malformed.append((index, written))
        }
      default:
        malformed.append((index, written))
      }
      index = close + 1
    }
    return (found, malformed)
  }

  /// `text` with every placeholder replaced by `values[key]`; unknown keys are left as written.
  public static func resolve(_ text: String, with values: [String: String]) -> String {
    let found = scan(text).found
    guard !found.isEmpty else { return text }
    var result = ""
    let characters = Array(text)
    var position = 0
    for placeholder in found {
      result += String(characters[position..<placeholder.offset])
      result += values[placeholder.key] ?? placeholder.written
      position = placeholder.offset + placeholder.written.count
    }
    result += String(characters[position...])
    return result
  }
}
