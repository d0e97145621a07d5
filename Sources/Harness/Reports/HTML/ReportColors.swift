/// The report's colours: one per service kind, one per kind of worker event, a palette for series.
enum ReportColors {
  static func service(_ kind: String) -> String {
    switch kind {
    case "redis": return "#d6453d"
    case "rabbitmq": return "#e58a1f"
    case "worker": return "#7a5cc7"
    default: return "#5b7083"
    }
  }

  static func mark(_ mark: ReportLanes.Mark) -> String {
    switch mark {
    case .disconnect: return "#c62828"
    case .attempt: return "#ef8f00"
    case .reconnected: return "#2e9e44"
    case .gaveUp: return "#111111"
    case .exit: return "#333333"
    case .started: return "#1e6fd9"
    case .wireAttempt: return "#5b7083"
    case .wireExchange: return "#0a9396"
    }
  }

  static let palette = [
    "#1e6fd9", "#d6453d", "#2e9e44", "#e58a1f", "#7a5cc7", "#0a9396", "#bb3e03", "#5b7083", "#c9184a",
    "#6a994e",
  ]

  static func series(_ index: Int) -> String { palette[index % palette.count] }
}
