/// `blackhole: redis` — data is swallowed (a `timeout` toxic of 0 both ways), connections stay open.
public struct BlackholeFault: ProxyFault {
  public static let verb = "blackhole"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public static let conflicts = FaultConflicts.also(["reset"])
  public var proxy: String

  public init(proxy: String) {
    self.proxy = proxy
  }

  public var interruptsService: Bool { true }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let proxies = try run.proxies()
    let down = try proxies.addToxic(proxy, ToxicRequest(type: "timeout", attributes: ["timeout": 0]))
    let up = try proxies.addToxic(
      proxy, ToxicRequest(type: "timeout", stream: "upstream", attributes: ["timeout": 0]))
    return .lasting {
      try proxies.removeToxic(proxy, down)
      try proxies.removeToxic(proxy, up)
    }
  }
}

extension BlackholeFault: PlainProxyFault {}
