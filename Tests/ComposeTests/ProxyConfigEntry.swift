import Foundation

/// One proxy of `compose/proxies.json`, the file `chaos proxy --config` reads: a JSON array of
/// Toxiproxy-style proxies (`name`, `listen`, `upstream`, optional `enabled`, default true).
struct ProxyConfigEntry: Decodable {
  var name: String
  var listen: String
  var upstream: String
  var enabled: Bool

  private enum CodingKeys: String, CodingKey { case name, listen, upstream, enabled }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    listen = try container.decode(String.self, forKey: .listen)
    upstream = try container.decode(String.self, forKey: .upstream)
    enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
  }

  var listenAddress: HostPort { get throws { try HostPort(parsing: listen) } }
  var upstreamAddress: HostPort { get throws { try HostPort(parsing: upstream) } }

  static func load(path: String) throws -> [ProxyConfigEntry] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ComposeCheckError("cannot read \(path)")
    }
    return try JSONDecoder().decode([ProxyConfigEntry].self, from: data)
  }
}
