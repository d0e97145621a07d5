import Foundation
import Yams

/// `compose/docker-compose.yml`, loaded with Yams (merge keys `<<:` resolved as compose does).
struct ComposeFile {
  var projectName: String?
  var services: [String: ComposeService]

  init(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ComposeCheckError("cannot read \(path)")
    }
    guard let root = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any] else {
      throw ComposeCheckError("\(path) is not a YAML mapping")
    }
    guard let services = root["services"] as? [String: Any] else {
      throw ComposeCheckError("\(path) has no 'services' mapping")
    }
    projectName = root["name"] as? String
    self.services = try Dictionary(
      uniqueKeysWithValues: services.map { name, value in
        guard let fields = value as? [String: Any] else {
          throw ComposeCheckError("service \(name) is not a mapping")
        }
        return (name, try ComposeService(name: name, fields: fields))
      })
  }

  func service(_ name: String) throws -> ComposeService {
    guard let service = services[name] else {
      throw ComposeCheckError(
        "no service '\(name)'; services: \(services.keys.sorted().joined(separator: ", "))")
    }
    return service
  }

  /// The service whose command is `chaos proxy …`.
  func proxyService() throws -> ComposeService {
    let proxies = services.values.filter { $0.command.starts(with: ["chaos", "proxy"]) }
    guard proxies.count == 1, let proxy = proxies.first else {
      throw ComposeCheckError("expected one service running `chaos proxy`, found \(proxies.count)")
    }
    return proxy
  }
}
