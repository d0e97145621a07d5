/// Checks toxic specs and builds the toxic that acts on a link.
enum ToxicCatalog {
  /// One hour: longer delays are refused as absurd.
  static let maxMilliseconds = 3_600_000
  /// The longest `duration` of a toxic: a day.
  static let maxDurationMs = 24 * maxMilliseconds

  /// Fills the defaults (name, every attribute of the type) and refuses bad values.
  static func normalized(_ spec: ToxicSpec) throws -> ToxicSpec {
    var result = spec
    result.name = spec.resolvedName
    guard !(result.name ?? "").contains("/") else {
      throw ProxyError.invalid("toxic name must not contain '/': \(result.name ?? "")")
    }
    guard spec.toxicity.isFinite, (0...1).contains(spec.toxicity) else {
      throw ProxyError.invalid("toxicity must be between 0 and 1, got \(spec.toxicity)")
    }
    if let duration = spec.durationMs, !(0...maxDurationMs).contains(duration) {
      throw ProxyError.invalid("duration must be between 0 and \(maxDurationMs) ms, got \(duration)")
    }
    if let trigger = spec.trigger, trigger.count < 1 || trigger.event.isEmpty {
      throw ProxyError.invalid("trigger needs an event name and a count of at least 1")
    }
    var attributes: [String: Int] = [:]
    for key in spec.type.attributeNames { attributes[key] = spec.attributes[key] ?? 0 }
    for (key, value) in attributes {
      guard value >= 0 else {
        throw ProxyError.invalid("attribute \(key) must not be negative, got \(value)")
      }
      guard value <= limit(spec.type, key) else {
        throw ProxyError.invalid("attribute \(key) is too large: \(value) (at most \(limit(spec.type, key)))")
      }
    }
    result.attributes = attributes
    return result
  }

  private static func limit(_ kind: ToxicKind, _ key: String) -> Int {
    switch (kind, key) {
    case (.bandwidth, "rate"): return 10_000_000  // 10 GB/s
    case (.slicer, "average_size"), (.slicer, "size_variation"): return 64 * 1024 * 1024
    case (.slicer, "delay"): return 60_000_000  // µs
    case (.limit_data, "bytes"): return Int(Int64.max / 2)
    default: return maxMilliseconds
    }
  }

  /// A fresh toxic for one link direction; `seed` drives its randomness (jitter, slice sizes).
  static func make(_ spec: ToxicSpec, seed: UInt64) -> any Toxic {
    let value = { (key: String) in spec.attributes[key] ?? 0 }
    switch spec.type {
    case .latency: return LatencyToxic(latency: value("latency"), jitter: value("jitter"), seed: seed)
    case .bandwidth: return BandwidthToxic(rateKBps: value("rate"))
    case .timeout: return TimeoutToxic(timeout: value("timeout"))
    case .reset_peer: return ResetPeerToxic(timeout: value("timeout"))
    case .slow_close: return SlowCloseToxic(delay: value("delay"))
    case .slicer:
      return SlicerToxic(
        averageSize: value("average_size"), sizeVariation: value("size_variation"),
        delayMicroseconds: value("delay"), seed: seed)
    case .limit_data: return LimitDataToxic(bytes: value("bytes"))
    case .noop: return NoopToxic()
    }
  }
}
