/// Where a proxy fault made of toxics acts: `stream: upstream | downstream | both` (upstream is
/// the data going to the service — requests; downstream the data coming back — replies) and
/// `toxicity: 0…1`, the share of connections it acts on, drawn per connection by the proxy
/// engine's generator, which the scenario's `seed` drives.
///
/// `delay`, `throttle`, `slice` and `blackhole` take both keys (in the timeline and in `soak:`);
/// `cut`, `reset` and `clear` act on the whole proxy and take neither.
public struct ToxicScope: Sendable, Equatable {
  public enum Streams: String, Sendable, CaseIterable {
    case upstream, downstream, both
  }

  public var streams: Streams
  public var toxicity: Double

  public init(_ streams: Streams, toxicity: Double = 1) {
    self.streams = streams
    self.toxicity = toxicity
  }

  static let parameters = ["stream", "toxicity"]

  /// The toxic streams to add, in Toxiproxy's names.
  var streamNames: [String] {
    streams == .both ? ["upstream", "downstream"] : [streams.rawValue]
  }

  /// What the description adds when the scope is not the verb's default: `, upstream, toxicity 0.5`.
  func describe(defaultStreams: Streams) -> String {
    var parts: [String] = []
    if streams != defaultStreams { parts.append(streams.rawValue) }
    if toxicity < 1 { parts.append("toxicity \(toxicity)") }
    return parts.map { ", " + $0 }.joined()
  }

  /// Adds one toxic per stream; the effect removes them all. A failure removes what was added.
  func apply(_ type: String, _ attributes: [String: Int], proxy: String, on proxies: any ProxyFaults) throws
    -> FaultEffect
  {
    var added: [String] = []
    do {
      for stream in streamNames {
        added.append(
          try proxies.addToxic(
            proxy, ToxicRequest(type: type, stream: stream, toxicity: toxicity, attributes: attributes)))
      }
    } catch {
      for name in added { try? proxies.removeToxic(proxy, name) }
      throw error
    }
    let names = added
    return .lasting {
      for name in names { try proxies.removeToxic(proxy, name) }
    }
  }

  /// Reads `stream:` and `toxicity:` of a step; the verb's default stream when absent.
  static func parse(_ step: FaultStep, default defaultStreams: Streams, _ parser: inout ScenarioParser)
    -> Self?
  {
    var scope = ToxicScope(defaultStreams)
    if let field = step.field("stream") {
      let expected = "upstream, downstream or both"
      guard let text = parser.text(field.value, for: "stream", expected: expected) else { return nil }
      guard let streams = Streams(rawValue: text.trimmingWhitespace) else {
        parser.error(
          at: field.value,
          "'stream' must be \(expected) (upstream: to the service, downstream: from it), "
            + "found \(field.value.foundDescription)")
        return nil
      }
      scope.streams = streams
    }
    if let field = step.field("toxicity") {
      let expected = "a share of connections from 0 to 1, like 0.5"
      guard let text = parser.text(field.value, for: "toxicity", expected: expected) else { return nil }
      guard let value = DecimalText.value(text.trimmingWhitespace), value <= 1 else {
        parser.error(at: field.value, "'toxicity' must be \(expected), found \(field.value.foundDescription)")
        return nil
      }
      scope.toxicity = value
    }
    return scope
  }
}
