import Foundation

/// The parts of one compose service that the checks read, with compose's alternative spellings
/// (string or list commands, mapping or `KEY=value` list environments, list or mapping
/// `depends_on`) brought to one form.
struct ComposeService {
  var name: String
  var image: String?
  var buildContext: String?
  var dockerfile: String?
  var command: [String]
  var environment: [String: String]
  var ports: [PublishedPort]
  var volumes: [String]
  var healthcheck: [String]
  /// Service name → condition (`service_started` when the list form is used).
  var dependsOn: [String: String]

  init(name: String, fields: [String: Any]) throws {
    self.name = name
    image = fields["image"] as? String
    if let build = fields["build"] as? [String: Any] {
      buildContext = build["context"] as? String ?? "."
      dockerfile = build["dockerfile"] as? String ?? "Dockerfile"
    } else if let context = fields["build"] as? String {
      buildContext = context
      dockerfile = "Dockerfile"
    }
    command = try Self.words(fields["command"], what: "\(name).command")
    environment = try Self.environment(fields["environment"], service: name)
    ports = try (fields["ports"] as? [Any] ?? []).map(PublishedPort.init(parsing:))
    volumes = (fields["volumes"] as? [Any] ?? []).compactMap { $0 as? String }
    if let healthcheck = fields["healthcheck"] as? [String: Any] {
      if let text = healthcheck["test"] as? String {
        self.healthcheck = ["CMD-SHELL", text]
      } else {
        self.healthcheck = try Self.words(healthcheck["test"], what: "\(name).healthcheck.test")
      }
    } else {
      healthcheck = []
    }
    if let list = fields["depends_on"] as? [String] {
      dependsOn = Dictionary(uniqueKeysWithValues: list.map { ($0, "service_started") })
    } else if let mapping = fields["depends_on"] as? [String: Any] {
      dependsOn = mapping.mapValues { (($0 as? [String: Any])?["condition"] as? String) ?? "service_started" }
    } else {
      dependsOn = [:]
    }
  }

  /// The image's name without its tag: `redis:7` → `redis`.
  var imageName: String? {
    image.map { String($0.split(separator: ":", maxSplits: 1)[0]) }
  }

  /// The value of `--name value` in the command, nil when absent.
  func option(_ name: String) -> String? {
    guard let index = command.firstIndex(of: name), index + 1 < command.count else { return nil }
    return command[index + 1]
  }

  /// `./proxies.json:/etc/chaos/proxies.json:ro` → source for that target, nil when not mounted.
  func mountSource(target: String) -> String? {
    for volume in volumes {
      let parts = volume.split(separator: ":").map(String.init)
      if parts.count >= 2, parts[1] == target { return parts[0] }
    }
    return nil
  }

  private static func words(_ value: Any?, what: String) throws -> [String] {
    switch value {
    case nil: return []
    case let text as String: return text.split(whereSeparator: \.isWhitespace).map(String.init)
    case let list as [Any]: return list.map { String(describing: $0) }
    default: throw ComposeCheckError("\(what) is neither a string nor a list")
    }
  }

  private static func environment(_ value: Any?, service: String) throws -> [String: String] {
    switch value {
    case nil: return [:]
    case let mapping as [String: Any]:
      return mapping.mapValues { $0 is NSNull ? "" : String(describing: $0) }
    case let list as [Any]:
      var result: [String: String] = [:]
      for item in list {
        let text = String(describing: item)
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        result[String(parts[0])] = parts.count == 2 ? String(parts[1]) : ""
      }
      return result
    default:
      throw ComposeCheckError("\(service).environment is neither a mapping nor a list")
    }
  }
}
