/// A toxic on a proxy, in Toxiproxy's JSON shape:
/// `{"name", "type", "stream", "toxicity", "attributes": {...}}`, plus the extension `"duration"` (ms):
/// when set, the toxic removes itself that long after it was added.
///
/// Defaults as in Toxiproxy: name `<type>_<stream>`, stream `downstream`, toxicity 1.0.
public struct ToxicSpec: Codable, Sendable, Equatable {
  public var name: String?
  public var type: ToxicKind
  public var stream: ToxicStream = .downstream
  /// Probability (0…1) that the toxic acts on a given connection, decided once per connection.
  public var toxicity: Double = 1.0
  public var attributes: [String: Int] = [:]
  /// Extension: remove the toxic by itself after this many milliseconds.
  public var durationMs: Int? = nil
  /// Extension: act on a link only after its tap saw this many protocol events.
  public var trigger: ToxicTrigger? = nil
  /// Extension (needs a tap): shape only the requests of this Redis command or the replies to it
  /// (`"match": "HGETALL"`), or the frames of this AMQP method with their content
  /// (`"match": "basic.deliver"`); the rest of the stream passes, in order, behind them.
  public var match: String? = nil

  public init(
    name: String? = nil, type: ToxicKind, stream: ToxicStream = .downstream, toxicity: Double = 1.0,
    attributes: [String: Int] = [:], durationMs: Int? = nil, trigger: ToxicTrigger? = nil,
    match: String? = nil
  ) {
    self.name = name
    self.type = type
    self.stream = stream
    self.toxicity = toxicity
    self.attributes = attributes
    self.durationMs = durationMs
    self.trigger = trigger
    self.match = match?.uppercased()
  }

  /// The name a toxic gets when none is given: `<type>_<stream>`.
  public var resolvedName: String { name ?? "\(type.rawValue)_\(stream.rawValue)" }

  /// Toxics in the order Toxiproxy lists them (and `toxiproxy-cli inspect` prints): upstream
  /// first, then downstream, each in the order added.
  static func listed(_ list: [ToxicSpec]) -> [ToxicSpec] {
    list.filter { $0.stream == .upstream } + list.filter { $0.stream == .downstream }
  }

  private enum CodingKeys: String, CodingKey {
    case name, type, stream, toxicity, attributes, duration, trigger, match
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name)
    if name?.isEmpty == true { name = nil }
    // Toxiproxy's texts, without the value: a missing type is an invalid one there too.
    guard let typeName = try container.decodeIfPresent(String.self, forKey: .type),
      let kind = ToxicKind(rawValue: typeName)
    else {
      throw ProxyError.invalid("invalid toxic type")
    }
    type = kind
    if let streamName = try container.decodeIfPresent(String.self, forKey: .stream), !streamName.isEmpty {
      guard let parsed = ToxicStream(rawValue: streamName) else {
        throw ProxyError.invalid("stream was invalid, can be either upstream or downstream")
      }
      stream = parsed
    }
    toxicity = try container.decodeIfPresent(Double.self, forKey: .toxicity) ?? 1.0
    attributes = try integerAttributes(container.decodeIfPresent([String: Double].self, forKey: .attributes))
    // Read as a number first: an integer decode of 1e30 fails with a JSON-syntax message.
    if let duration = try container.decodeIfPresent(Double.self, forKey: .duration) {
      let limit = Double(ToxicCatalog.maxDurationMs)
      guard duration == duration.rounded(), (0...limit).contains(duration) else {
        throw ProxyError.invalid(
          "duration must be a whole number of milliseconds between 0 and \(ToxicCatalog.maxDurationMs), got \(duration)"
        )
      }
      durationMs = Int(duration)
    }
    trigger = try container.decodeIfPresent(ToxicTrigger.self, forKey: .trigger)
    match = try container.decodeIfPresent(String.self, forKey: .match)?.uppercased()
    if match?.isEmpty == true { match = nil }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(resolvedName, forKey: .name)
    try container.encode(type, forKey: .type)
    try container.encode(stream, forKey: .stream)
    try container.encode(toxicity, forKey: .toxicity)
    try container.encode(attributes, forKey: .attributes)
    try container.encodeIfPresent(durationMs, forKey: .duration)
    try container.encodeIfPresent(trigger, forKey: .trigger)
    try container.encodeIfPresent(match, forKey: .match)
  }
}

/// The body of a toxic update (`PATCH /proxies/{proxy}/toxics/{toxic}`): only what changes.
struct ToxicUpdate: Decodable {
  var attributes: [String: Int] = [:]
  var toxicity: Double?

  private enum CodingKeys: String, CodingKey { case attributes, toxicity }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    toxicity = try container.decodeIfPresent(Double.self, forKey: .toxicity)
    attributes = try integerAttributes(container.decodeIfPresent([String: Double].self, forKey: .attributes))
  }
}

/// Attributes are integers; a JSON number with a fraction is refused rather than truncated.
private func integerAttributes(_ raw: [String: Double]?) throws -> [String: Int] {
  var result: [String: Int] = [:]
  for (key, value) in raw ?? [:] {
    guard value.rounded() == value, abs(value) < 1e15 else {
      throw ProxyError.invalid("attribute \(key) must be an integer, got \(value)")
    }
    result[key] = Int(value)
  }
  return result
}
