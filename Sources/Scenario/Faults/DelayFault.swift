/// `delay: redis`, `latency: 300ms`, `jitter: 50ms` — a `latency` toxic on the data coming back from the service.
public struct DelayFault: ProxyFault {
  public static let verb = "delay"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public var proxy: String
  public var latencyMs: Int
  public var jitterMs: Int

  public init(proxy: String, latencyMs: Int, jitterMs: Int) {
    self.proxy = proxy
    self.latencyMs = latencyMs
    self.jitterMs = jitterMs
  }

  public var description: String {
    "delay \(proxy) (latency \(latencyMs)ms" + (jitterMs > 0 ? ", jitter \(jitterMs)ms)" : ")")
  }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let proxies = try run.proxies()
    let toxic = try proxies.addToxic(
      proxy, ToxicRequest(type: "latency", attributes: ["latency": latencyMs, "jitter": jitterMs]))
    return .lasting { try proxies.removeToxic(proxy, toxic) }
  }
}

extension DelayFault: ParsedFault {
  static let parameters = ["latency", "jitter"]
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
    return Self(
      proxy: proxy, latencyMs: Int((latency * 1000).rounded()), jitterMs: Int((jitter * 1000).rounded()))
  }
}
