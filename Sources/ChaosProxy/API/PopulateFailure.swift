/// A `/populate` that stopped at an entry: why, and the proxies created or kept before it
/// (Toxiproxy answers both: `{"error", "status", "proxies"}`).
public struct PopulateFailure: Error, CustomStringConvertible, Sendable {
  public var error: ProxyError
  public var created: [ProxyStatus]

  public var description: String { error.description }
}
