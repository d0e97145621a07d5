/// `cut: redis` — the proxy drops open connections and resets each new one at once (recording the
/// attempt, ``ProxyFaults/cut(_:)``); undone by enabling it again.
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
    try proxies.cut(proxy)
    return .lasting { try proxies.setEnabled(proxy, true) }
  }
}

extension CutFault: PlainProxyFault {}
