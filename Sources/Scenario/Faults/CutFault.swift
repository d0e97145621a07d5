/// `cut: redis` — the proxy refuses new connections and drops open ones; undone by enabling it again.
public struct CutFault: ProxyFault {
  public static let verb = "cut"
  public static let duration = FaultDuration.lasting
  public static let soakable = true
  public static let conflicts = FaultConflicts.everything
  public var proxy: String

  public init(proxy: String) {
    self.proxy = proxy
  }

  public var interruptsService: Bool { true }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let proxies = try run.proxies()
    try proxies.setEnabled(proxy, false)
    return .lasting { try proxies.setEnabled(proxy, true) }
  }
}

extension CutFault: PlainProxyFault {}
