import Foundation

/// `chaos junit merge a.xml b.xml … -o merged.xml`: one JUnit file from those of several shards
/// (``SuiteShard``). Every `<testsuite>` of every input is kept as written (the inputs' roots may
/// be `<testsuites>` or a single `<testsuite>`), ordered by its `file` attribute when every suite
/// has one (the order of a one-machine `chaos run DIR`), else in the order read; the new
/// `<testsuites>` carries the sums of the suites' `tests`, `failures`, `errors`, `skipped` and
/// `time` (machine time, not wall time: the shards ran side by side).
///
/// A small reader, not a general XML parser: it understands the elements JUnit writers emit
/// (declaration, comments, CDATA inside suites, `<testsuite>` not nested in another) and rejects
/// anything else with the file named.
public enum JUnitMerge {
  /// Largest input file read, in bytes.
  public static let maximumFileBytes = 64 << 20
  /// Most input files.
  public static let maximumFiles = 1000

  /// One `<testsuite>` element as written, with the counts of its attributes.
  struct Suite {
    var text: Substring
    var file: String?
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0
    var time = 0.0
  }

  /// Reads every file and returns the merged document; throws naming the first bad file.
  public static func merge(files: [String]) throws -> String {
    guard !files.isEmpty else { throw JUnitMergeError("give at least one JUnit file") }
    guard files.count <= maximumFiles else {
      throw JUnitMergeError("at most \(maximumFiles) JUnit files, found \(files.count)")
    }
    var suites: [Suite] = []
    for file in files {
      let text: String
      do {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard data.count <= maximumFileBytes else {
          throw JUnitMergeError("\(file): larger than \(maximumFileBytes) bytes")
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
          throw JUnitMergeError("\(file): not UTF-8 text")
        }
        text = decoded
      } catch let error as JUnitMergeError {
        throw error
      } catch {
        throw JUnitMergeError("\(file): cannot be read: \(error.localizedDescription)")
      }
      do {
        suites += try read(text)
      } catch let error as JUnitMergeError {
        throw JUnitMergeError("\(file): not a JUnit file: \(error.description)")
      }
    }
    return render(suites)
  }

  static func render(_ suites: [Suite]) -> String {
    var ordered = suites
    if ordered.allSatisfy({ $0.file != nil }) {
      ordered = ordered.enumerated().sorted { lhs, rhs in
        lhs.element.file! != rhs.element.file!
          ? lhs.element.file! < rhs.element.file! : lhs.offset < rhs.offset
      }.map(\.element)
    }
    let sum = { (count: (Suite) -> Int) in ordered.reduce(0) { $0 + count($1) } }
    let time = ordered.reduce(0.0) { $0 + $1.time }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"chaos\" tests=\"\(sum(\.tests))\" failures=\"\(sum(\.failures))\""
    xml +=
      " errors=\"\(sum(\.errors))\" skipped=\"\(sum(\.skipped))\" time=\"\(String(format: "%.3f", time))\">\n"
    for suite in ordered { xml += "  \(suite.text)\n" }
    xml += "</testsuites>\n"
    return xml
  }

  /// The `<testsuite>` elements of one document.
  static func read(_ text: String) throws -> [Suite] {
    var reader = Reader(text: Substring(text))
    reader.skipProlog()
    guard let root = try reader.openTag() else { throw JUnitMergeError("no root element") }
    var suites: [Suite] = []
    switch root.name {
    case "testsuite":
      suites.append(try reader.suite(from: root))
    case "testsuites":
      if !root.selfClosing {
        while true {
          reader.skipMisc()
          if reader.consume("</testsuites>") { break }
          guard let tag = try reader.openTag() else { throw JUnitMergeError("</testsuites> missing") }
          guard tag.name == "testsuite" else {
            throw JUnitMergeError("<\(tag.name)> inside <testsuites>, expected <testsuite>")
          }
          suites.append(try reader.suite(from: tag))
        }
      }
    default:
      throw JUnitMergeError("the root is <\(root.name)>, expected <testsuites> or <testsuite>")
    }
    reader.skipMisc()
    guard reader.rest.isEmpty else { throw JUnitMergeError("text after the root element") }
    return suites
  }

  /// An open tag read: its name, attributes (values as written, entities not decoded), and where it began.
  struct Tag {
    var name: String
    var attributes: [String: String]
    var selfClosing: Bool
    var start: Substring.Index
  }

  struct Reader {
    var rest: Substring

    init(text: Substring) { rest = text }

    mutating func consume(_ literal: String) -> Bool {
      guard rest.hasPrefix(literal) else { return false }
      rest = rest.dropFirst(literal.count)
      return true
    }

    mutating func skipSpace() { rest = rest.drop { $0.isWhitespace } }

    /// Whitespace and comments.
    mutating func skipMisc() {
      while true {
        skipSpace()
        guard rest.hasPrefix("<!--"), let end = rest.range(of: "-->") else { return }
        rest = rest[end.upperBound...]
      }
    }

    /// A byte-order mark, the declaration, a doctype, comments.
    mutating func skipProlog() {
      if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
      while true {
        skipMisc()
        guard rest.hasPrefix("<?") || rest.hasPrefix("<!DOCTYPE"), let end = rest.firstIndex(of: ">") else {
          return
        }
        rest = rest[rest.index(after: end)...]
      }
    }

    /// The open tag at the reader, nil when there is none.
    mutating func openTag() throws -> Tag? {
      let start = rest.startIndex
      guard consume("<"), let first = rest.first, first.isLetter else { return nil }
      let name = String(rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" })
      rest = rest.dropFirst(name.count)
      var attributes: [String: String] = [:]
      while true {
        skipSpace()
        if consume("/>") { return Tag(name: name, attributes: attributes, selfClosing: true, start: start) }
        if consume(">") { return Tag(name: name, attributes: attributes, selfClosing: false, start: start) }
        let key = String(rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" })
        guard !key.isEmpty else { throw JUnitMergeError("a malformed <\(name)> tag") }
        rest = rest.dropFirst(key.count)
        skipSpace()
        guard consume("=") else { throw JUnitMergeError("attribute \(key) of <\(name)> has no value") }
        skipSpace()
        guard let quote = rest.first, quote == "\"" || quote == "'" else {
          throw JUnitMergeError("attribute \(key) of <\(name)> is not quoted")
        }
        rest = rest.dropFirst()
        guard let end = rest.firstIndex(of: quote) else { throw JUnitMergeError("<\(name)> is not closed") }
        attributes[key] = String(rest[..<end])
        rest = rest[rest.index(after: end)...]
      }
    }

    /// The rest of a `<testsuite>` whose open tag was read: up to its `</testsuite>`.
    mutating func suite(from tag: Tag) throws -> Suite {
      if !tag.selfClosing {
        while true {
          guard let next = rest.firstIndex(of: "<") else { throw JUnitMergeError("</testsuite> missing") }
          rest = rest[next...]
          if consume("</testsuite>") { break }
          if rest.hasPrefix("<![CDATA[") || rest.hasPrefix("<!--") {
            let close = rest.hasPrefix("<!--") ? "-->" : "]]>"
            guard let end = rest.range(of: close) else {
              throw JUnitMergeError("an unclosed \(close) section")
            }
            rest = rest[end.upperBound...]
          } else if rest.hasPrefix("<testsuite") && !rest.hasPrefix("<testsuites") {
            throw JUnitMergeError("a <testsuite> inside another")
          } else {
            rest = rest.dropFirst()
          }
        }
      }
      var suite = Suite(text: rest.base[tag.start..<rest.startIndex])
      suite.file = tag.attributes["file"]
      let name = tag.attributes["name"] ?? "?"
      func count(_ key: String) throws -> Int {
        guard let value = tag.attributes[key] else { return 0 }
        guard let number = Int(value), number >= 0 else {
          throw JUnitMergeError("testsuite \(name): \(key)=\"\(value)\" is not a count")
        }
        return number
      }
      suite.tests = try count("tests")
      suite.failures = try count("failures")
      suite.errors = try count("errors")
      suite.skipped = try count("skipped")
      if let value = tag.attributes["time"] {
        guard let seconds = Double(value), seconds.isFinite, seconds >= 0 else {
          throw JUnitMergeError("testsuite \(name): time=\"\(value)\" is not seconds")
        }
        suite.time = seconds
      }
      return suite
    }
  }
}

/// A JUnit file `chaos junit merge` cannot read (exit 2).
public struct JUnitMergeError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
