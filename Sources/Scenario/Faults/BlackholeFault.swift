/// `blackhole: redis` — data is swallowed (a `timeout` toxic of 0 both ways), connections stay open.
/// `stream: upstream` swallows only the requests (replies to what got through still flow),
/// `stream: downstream` only the replies; `toxicity:` picks a share of connections (``ToxicScope``).
public struct BlackholeFault: ProxyFault {
  public static let verb = "blackhole"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public static let conflicts = FaultConflicts.also(["reset"])
  public var proxy: String
  public var scope: ToxicScope

  public init(proxy: String, scope: ToxicScope = ToxicScope(.both)) {
    self.proxy = proxy
    self.scope = scope
  }

  public var description: String {
    let details = scope.describe(defaultStreams: .both)
    return "blackhole \(proxy)" + (details.isEmpty ? "" : " (\(details.dropFirst(2)))")
  }

  public var interruptsService: Bool { true }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try scope.apply("timeout", ["timeout": 0], proxy: proxy, on: run.proxies())
  }
}

extension BlackholeFault: ParsedFault {
  static let parameters = ToxicScope.parameters
  static func parse(_ step: FaultStep, _ parser: inout ScenarioParser) -> Self? {
    guard let proxy = parser.proxyTarget(step) else { return nil }
    guard let scope = ToxicScope.parse(step, default: .both, &parser) else { return nil }
    return Self(proxy: proxy, scope: scope)
  }
}
