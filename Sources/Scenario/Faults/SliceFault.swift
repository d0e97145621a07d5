/// `slice: rabbitmq`, `size: 1`, `variation: 0`, `delay: 10us` — a `slicer` toxic: data from the service in
/// small pieces; `stream:` and `toxicity:` choose otherwise (``ToxicScope``).
public struct SliceFault: ProxyFault {
  public static let verb = "slice"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public var proxy: String
  public var averageSize: Int
  public var sizeVariation: Int
  public var delayMicroseconds: Int
  public var scope: ToxicScope

  public init(
    proxy: String, averageSize: Int, sizeVariation: Int, delayMicroseconds: Int,
    scope: ToxicScope = ToxicScope(.downstream)
  ) {
    self.proxy = proxy
    self.averageSize = averageSize
    self.sizeVariation = sizeVariation
    self.delayMicroseconds = delayMicroseconds
    self.scope = scope
  }

  public var description: String {
    "slice \(proxy) (size \(averageSize)±\(sizeVariation), delay \(delayMicroseconds)µs"
      + scope.describe(defaultStreams: .downstream) + ")"
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try scope.apply(
      "slicer", ["average_size": averageSize, "size_variation": sizeVariation, "delay": delayMicroseconds],
      proxy: proxy, on: run.proxies())
  }
}

extension SliceFault: ParsedFault {
  static let parameters = ["size", "variation", "delay"] + ToxicScope.parameters
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
    guard let scope = ToxicScope.parse(step, default: .downstream, &parser) else { return nil }
    return Self(
      proxy: proxy, averageSize: size, sizeVariation: variation,
      delayMicroseconds: Int((delay * 1_000_000).rounded()), scope: scope)
  }
}

extension SliceFault {
  /// The largest `size` and `variation`, in bytes.
  static let maximumBytes = 1 << 20
}
