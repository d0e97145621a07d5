/// `reset: rabbitmq` — every open link through the proxy is reset (TCP RST) now.
public struct ResetFault: ProxyFault {
  public static let verb = "reset"
  public static let duration = FaultDuration.instantOrLasting
  public static let soakable = true
  public static let conflicts = FaultConflicts.also(["blackhole"])
  public var proxy: String

  public init(proxy: String) {
    self.proxy = proxy
  }

  public var interruptsService: Bool { true }

  public func apply(to run: any FaultSurface) throws -> FaultEffect {
    let count = try run.proxies().resetLinks(proxy)
    return .finished(detail: "\(count) connection\(count == 1 ? "" : "s") reset")
  }
}

extension ResetFault: PlainProxyFault {}
