/// `delay: redis`, `latency: 300ms`, `jitter: 50ms` — a `latency` toxic on the data coming back from the
/// service (`stream:` and `toxicity:` choose otherwise: ``ToxicScope``).
public struct DelayFault: ProxyFault {
  public static let verb = "delay"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public var proxy: String
  public var latencyMs: Int
  public var jitterMs: Int
  public var scope: ToxicScope

  public init(proxy: String, latencyMs: Int, jitterMs: Int, scope: ToxicScope = ToxicScope(.downstream)) {
    self.proxy = proxy
    self.latencyMs = latencyMs
    self.jitterMs = jitterMs
    self.scope = scope
  }

  public var description: String {
    "delay \(proxy) (latency \(latencyMs)ms" + (jitterMs > 0 ? ", jitter \(jitterMs)ms" : "")
      + scope.describe(defaultStreams: .downstream) + ")"
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try scope.apply("latency", ["latency": latencyMs, "jitter": jitterMs], proxy: proxy, on: run.proxies())
  }
}

extension DelayFault: ParsedFault {
  static let parameters = ["latency", "jitter"] + ToxicScope.parameters
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    guard let proxy = parser.proxyTarget(step) else { return nil }
    guard let latencyField = step.field("latency") else {
      parser.error(at: step.verb.keyNode, "'delay' needs 'latency', e.g. 'latency: 300ms'")
      return nil
    }
    guard let latency = parser.duration(latencyField.value, for: "latency") else { return nil }
    var jitter = 0.0
    if let jitterField = step.field("jitter") {
      guard let seconds = parser.duration(jitterField.value, for: "jitter") else { return nil }
      jitter = seconds
    }
    guard let scope = ToxicScope.parse(step, default: .downstream, &parser) else { return nil }
    return Self(
      proxy: proxy, latencyMs: Int((latency * 1000).rounded()), jitterMs: Int((jitter * 1000).rounded()),
      scope: scope)
  }
}
