/// A verb on a proxy: `cut: redis`, `throttle: rabbitmq`.
public protocol ProxyFault: Fault {
  var proxy: String { get }
}

extension ProxyFault {
  public static var targetKind: FaultTargetKind { .proxy }
  public var target: String { proxy }
  public var description: String { "\(Self.verb) \(proxy)" }
}

/// A proxy verb whose only parameter is the proxy.
protocol PlainProxyFault: ProxyFault, ParsedFault {
  init(proxy: String)
}

extension PlainProxyFault {
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    parser.proxyTarget(step).map { Self(proxy: $0) }
  }
}
