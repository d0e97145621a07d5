/// `throttle: rabbitmq`, `rate: 10KB/s` — a `bandwidth` toxic on the data from the service (KB/s);
/// `stream:` and `toxicity:` choose otherwise (``ToxicScope``).
public struct ThrottleFault: ProxyFault {
  public static let verb = "throttle"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public var proxy: String
  public var rateKBps: Int
  public var scope: ToxicScope

  public init(proxy: String, rateKBps: Int, scope: ToxicScope = ToxicScope(.downstream)) {
    self.proxy = proxy
    self.rateKBps = rateKBps
    self.scope = scope
  }

  public var description: String {
    "throttle \(proxy) (\(rateKBps) KB/s\(scope.describe(defaultStreams: .downstream)))"
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try scope.apply("bandwidth", ["rate": rateKBps], proxy: proxy, on: run.proxies())
  }
}

extension ThrottleFault: ParsedFault {
  static let parameters = ["rate"] + ToxicScope.parameters
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    guard let proxy = parser.proxyTarget(step) else { return nil }
    guard let rateField = step.field("rate") else {
      parser.error(at: step.verb.keyNode, "'throttle' needs 'rate', e.g. 'rate: 10KB/s'")
      return nil
    }
    guard let rateText = parser.text(rateField.value, for: "rate", expected: "a bandwidth like 10KB/s") else {
      return nil
    }
    guard let rate = RateText.kilobytesPerSecond(rateText), rate >= 1, rate <= 1_000_000_000,
      rate == rate.rounded()
    else {
      parser.error(
        at: rateField.value,
        "bad rate \(rateField.value.foundDescription) for 'throttle'; expected a whole number of KB/s "
          + "of at least 1: 10KB/s, 2MB/s")
      return nil
    }
    guard let scope = ToxicScope.parse(step, default: .downstream, &parser) else { return nil }
    return Self(proxy: proxy, rateKBps: Int(rate), scope: scope)
  }
}
