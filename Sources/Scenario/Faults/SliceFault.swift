/// `slice: rabbitmq`, `size: 1`, `variation: 0`, `delay: 10us` — a `slicer` toxic: data from the service in small pieces.
public struct SliceFault: ProxyFault {
  public static let verb = "slice"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public var proxy: String
  public var averageSize: Int
  public var sizeVariation: Int
  public var delayMicroseconds: Int

  public init(proxy: String, averageSize: Int, sizeVariation: Int, delayMicroseconds: Int) {
    self.proxy = proxy
    self.averageSize = averageSize
    self.sizeVariation = sizeVariation
    self.delayMicroseconds = delayMicroseconds
  }

  public var description: String {
    "slice \(proxy) (size \(averageSize)±\(sizeVariation), delay \(delayMicroseconds)µs)"
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let proxies = try run.proxies()
    let toxic = try proxies.addToxic(
      proxy,
      ToxicRequest(
        type: "slicer",
        attributes: [
          "average_size": averageSize, "size_variation": sizeVariation, "delay": delayMicroseconds,
        ]))
    return .lasting { try proxies.removeToxic(proxy, toxic) }
  }
}

extension SliceFault: ParsedFault {
  static let parameters = ["size", "variation", "delay"]
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    guard let proxy = parser.proxyTarget(step) else { return nil }
    guard let sizeField = step.field("size") else {
      parser.error(at: step.verb.keyNode, "'slice' needs 'size' (average bytes per piece), e.g. 'size: 1'")
      return nil
    }
    guard let size = parser.integer(sizeField.value, for: "size", in: 1...maximumBytes) else { return nil }
    var variation = 0
    if let variationField = step.field("variation") {
      guard let value = parser.integer(variationField.value, for: "variation", in: 0...maximumBytes) else {
        return nil
      }
      variation = value
    }
    var delay = 0.0
    if let delayField = step.field("delay") {
      guard let seconds = parser.duration(delayField.value, for: "delay") else { return nil }
      delay = seconds
    }
    return Self(
      proxy: proxy, averageSize: size, sizeVariation: variation,
      delayMicroseconds: Int((delay * 1_000_000).rounded()))
  }
}

extension SliceFault {
  /// The largest `size` and `variation`, in bytes.
  static let maximumBytes = 1 << 20
}
