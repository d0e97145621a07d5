import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line:
/// `{"ts":"2026-11-29T03:25:26.662Z","level":"info","worker":"downloader","msg":"…", …fields}`.
///
/// `ts` is RFC 3339 in UTC with milliseconds. Metadata becomes top-level fields; integers, doubles
/// and booleans given as `.stringConvertible` stay JSON numbers and booleans. Lines are written
/// whole, under a lock, so lines from several threads never interleave.
public struct JSONLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level = .info
  private let label: String
  private let sink: LineSink

  /// - Parameters:
  ///   - label: the logger's label; becomes `component` unless metadata sets one.
  ///   - worker: the `worker` field of every line.
  public init(label: String, worker: String, sink: LineSink = .standardOutput) {
    self.label = label
    self.sink = sink
    metadata["worker"] = .string(worker)
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var fields = metadata
    if let extra = event.metadata { fields.merge(extra) { _, new in new } }
    if fields["component"] == nil { fields["component"] = .string(label) }
    var line = "{\"ts\":\"\(Timestamp.rfc3339(Date()))\",\"level\":\"\(event.level.rawValue)\""
    if let worker = fields.removeValue(forKey: "worker") { line += ",\"worker\":" + JSONText.value(worker) }
    line += ",\"msg\":" + JSONText.string(event.message.description)
    for key in fields.keys.sorted() {
      line += "," + JSONText.string(key) + ":" + JSONText.value(fields[key]!)
    }
    line += "}\n"
    sink.write(line)
  }
}

/// Where JSON lines go: stdout (default) or a closure (tests).
public final class LineSink: @unchecked Sendable {
  private let lock = NSLock()
  private let writer: @Sendable (String) -> Void

  public init(_ writer: @escaping @Sendable (String) -> Void) {
    self.writer = writer
  }

  public static let standardOutput = LineSink { line in
    var bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes {
        Foundation.write(1, $0.baseAddress! + offset, $0.count - offset)
      }
      if written <= 0 { break }
      offset += written
    }
  }

  func write(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    writer(line)
  }
}

/// JSON encoding of strings and swift-log metadata values.
enum JSONText {
  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let c where c.value < 0x20:
        out += String(format: "\\u%04x", c.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func value(_ value: Logger.Metadata.Value) -> String {
    switch value {
    case .string(let text): return string(text)
    case .stringConvertible(let convertible):
      switch convertible {
      case let number as Int: return String(number)
      case let number as Int64: return String(number)
      case let number as UInt64: return String(number)
      case let number as Double where number.isFinite: return String(number)
      case let flag as Bool: return flag ? "true" : "false"
      default: return string(convertible.description)
      }
    case .array(let values): return "[" + values.map(Self.value).joined(separator: ",") + "]"
    case .dictionary(let fields):
      return "{"
        + fields.keys.sorted().map { string($0) + ":" + Self.value(fields[$0]!) }.joined(separator: ",")
        + "}"
    }
  }
}

/// RFC 3339 timestamps with milliseconds, in UTC.
public enum Timestamp {
  public static func rfc3339(_ date: Date) -> String {
    let interval = date.timeIntervalSince1970
    var seconds = time_t(interval.rounded(.down))
    let millis = Int((interval - Double(seconds)) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
      parts.tm_hour, parts.tm_min, parts.tm_sec, millis)
  }
}
