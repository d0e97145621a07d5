/// The toxic types, named as in Toxiproxy.
public enum ToxicKind: String, Codable, Sendable, CaseIterable {
  case latency
  case bandwidth
  case timeout
  case reset_peer
  case slow_close
  case slicer
  case limit_data
  /// Passes everything; Toxiproxy registers it, and clients use it to test their own plumbing.
  case noop

  /// The attributes this type reads, each with its default (all 0 as in Toxiproxy).
  public var attributeNames: [String] {
    switch self {
    case .latency: return ["latency", "jitter"]
    case .bandwidth: return ["rate"]
    case .timeout, .reset_peer: return ["timeout"]
    case .slow_close: return ["delay"]
    case .slicer: return ["average_size", "size_variation", "delay"]
    case .limit_data: return ["bytes"]
    case .noop: return []
    }
  }
}
