/// `clear: redis` — removes every fault from the proxy and enables it; ends the open windows on it.
public struct ClearFault: ProxyFault {
  public static let verb = "clear"
  public static let duration = FaultDuration.instant
  public var proxy: String

  public init(proxy: String) {
    self.proxy = proxy
  }

  public var bringsBack: Bool { true }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    try run.proxies().clear(proxy)
    return .finished(detail: nil)
  }
}

extension ClearFault: PlainProxyFault {}
