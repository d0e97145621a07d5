import Foundation
import Yams

/// Reads a `.scn` file (DESIGN §4) into a ``ScenarioModel`` and validates it completely: every
/// problem in the file is collected and thrown together as ``ScenarioErrors``, each with its
/// `file:line:column`. Nothing is started on an invalid file.
///
/// The YAML is composed into Yams nodes (not decoded), so every value keeps its position.
public struct ScenarioParser {
  /// Files larger than this are refused before YAML parsing (a scenario is a page or two).
  public static let maximumFileBytes = 1 << 20

  let file: String
  /// The `expect:` kinds this parser reads (the harness's table).
  let expectationKinds: ExpectationKinds
  var errors: [ScenarioError] = []
  /// Declarations seen so far, for cross-references from the timeline and expectations.
  var services: [String: ServiceDeclaration] = [:]
  var proxies: [String: ProxyDeclaration] = [:]
  var workers: [String: WorkerDeclaration] = [:]
  var deadline: Double = 120
  /// The file has a `soak:` section: the workload runs for the soak's duration, `jobs` is not given.
  var isSoak = false

  init(file: String, expectationKinds: ExpectationKinds) {
    self.file = file
    self.expectationKinds = expectationKinds
  }

  /// Parses and validates the file at `path`, reading `expect:` with `expectationKinds`; throws
  /// ``ScenarioErrors``.
  public static func parse(contentsOf path: String, expectationKinds: ExpectationKinds) throws
    -> ScenarioModel
  {
    let start = SourceLocation(file: path, line: 1, column: 1)
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason = PathProblem.reason(path)
      let message =
        switch reason {
        case "no such file or directory": "the file does not exist"
        case "cannot be read": "the file cannot be read"
        default: "cannot open the file: \(reason)"
        }
      throw ScenarioErrors([ScenarioError(location: start, message: message)])
    }
    guard data.count <= maximumFileBytes else {
      throw ScenarioErrors([
        ScenarioError(
          location: start,
          message: "the file has \(data.count) bytes; a scenario file may have at most \(maximumFileBytes)")
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScenarioErrors([ScenarioError(location: start, message: "the file is not UTF-8 text")])
    }
    return try parse(text: text, file: path, expectationKinds: expectationKinds)
  }

  /// Parses and validates `text`; `file` is the name used in error locations. Throws ``ScenarioErrors``.
  public static func parse(text: String, file: String, expectationKinds: ExpectationKinds) throws
    -> ScenarioModel
  {
    var parser = ScenarioParser(file: file, expectationKinds: expectationKinds)
    let model = parser.parseDocument(text)
    if let model, parser.errors.isEmpty { return model }
    let sorted = parser.errors.enumerated().sorted { lhs, rhs in
      let l = lhs.element.location
      let r = rhs.element.location
      return (l.line, l.column, lhs.offset) < (r.line, r.column, rhs.offset)
    }
    throw ScenarioErrors(sorted.map(\.element))
  }

  /// Repeated keys reported from one file before the rest of it is left unread.
  static let maximumRepeatedKeys = 20

  /// The whole document; nil when the YAML itself is broken or the root is not a mapping.
  mutating func parseDocument(_ text: String) -> ScenarioModel? {
    guard text.utf8.count <= Self.maximumFileBytes else {
      error(at: SourceLocation(file: file, line: 1, column: 1), "the text is too long for a scenario file")
      return nil
    }
    if let alias = AliasScan.firstAlias(in: text) {
      error(
        at: SourceLocation(file: file, line: alias.line, column: alias.column),
        "aliases (*name) are not supported in scenario files; write the value out, or quote the text if '*' is "
          + "meant literally")
      return nil
    }
    var root: Node?
    var source = text
    // A repeated key is reported and its block left out, then the text is read again, so that
    // every repeated key and every other error is reported in one go (at most
    // `maximumRepeatedKeys` rounds; libyaml stops at the first repeat).
    for round in 0...Self.maximumRepeatedKeys {
      do {
        // No tag resolution (the basic resolver): values are read as text by this parser, and the
        // default resolver's regular expressions cost more than the rest of the parse.
        root = try Yams.compose(yaml: source, .basic)
        break
      } catch {
        errors.append(YAMLErrorTranslation.scenarioError(error, file: file, text: source))
        guard round < Self.maximumRepeatedKeys,
          let without = YAMLErrorTranslation.withoutRepeatedKey(error, in: source)
        else { return nil }
        source = without
      }
    }
    guard let root else {
      error(
        at: SourceLocation(file: file, line: 1, column: 1),
        "the file is empty; expected a mapping with at least 'name:'")
      return nil
    }
    return parseRoot(root)
  }

  // MARK: Errors

  public mutating func error(at location: SourceLocation, _ message: String) {
    errors.append(ScenarioError(location: location, message: message))
  }

  public mutating func error(at node: Node, _ message: String) {
    error(at: location(of: node), message)
  }

  public func location(of node: Node) -> SourceLocation {
    let mark = node.mark
    return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }
}
