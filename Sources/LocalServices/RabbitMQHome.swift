import Foundation

/// A private `RABBITMQ_HOME` for one node: the installed scripts, and a plugins directory that holds
/// only the applications the broker needs (`rabbit` and what its `.app` files name, 20 of the 71
/// that Debian's rabbitmq-server 3.10 ships), as symbolic links.
///
/// `rabbitmq-server` puts every directory under `$RABBITMQ_HOME/plugins` on the Erlang code path
/// (`ERL_LIBS`), and `RABBITMQ_HOME` is the parent of `RABBITMQ_SCRIPTS_DIR`. With the unused
/// plugins off the path a boot costs 4.1–4.2 s of CPU instead of 5.7 s (medians of 5, interleaved;
/// docs/suite.md). The links are made once per node directory and kept across restarts.
public struct RabbitMQHome: Sendable {
  /// The directory that holds the private home.
  public let path: String
  public var scriptsDirectory: String { "\(path)/sbin" }
  public var serverScript: String { "\(scriptsDirectory)/rabbitmq-server" }

  /// The applications the node starts from: rabbit needs the other two loaded too.
  static let roots = ["rabbit", "rabbit_common", "rabbitmq_prelaunch"]

  /// Links a private home at `path` to the installation that `installedScript` belongs to
  /// (`…/rabbitmq_server-X/sbin/rabbitmq-server`, possibly through a symbolic link), once.
  public static func prepare(at path: String, installedScript: String) throws -> RabbitMQHome {
    let home = RabbitMQHome(path: path)
    let fm = FileManager.default
    if fm.fileExists(atPath: home.serverScript) { return home }
    let installed = URL(fileURLWithPath: installedScript).resolvingSymlinksInPath()
      .deletingLastPathComponent().deletingLastPathComponent().path
    let plugins = "\(installed)/plugins"
    let staging = "\(path).partial"
    try? fm.removeItem(atPath: staging)
    try fm.createDirectory(atPath: "\(staging)/sbin", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: "\(staging)/plugins", withIntermediateDirectories: true)
    for entry in try fm.contentsOfDirectory(atPath: installed) where entry != "plugins" && entry != "sbin" {
      try fm.createSymbolicLink(atPath: "\(staging)/\(entry)", withDestinationPath: "\(installed)/\(entry)")
    }
    for script in try fm.contentsOfDirectory(atPath: "\(installed)/sbin") {
      try fm.createSymbolicLink(
        atPath: "\(staging)/sbin/\(script)", withDestinationPath: "\(installed)/sbin/\(script)")
    }
    for directory in try neededApplications(in: plugins) {
      try fm.createSymbolicLink(
        atPath: "\(staging)/plugins/\(directory)", withDestinationPath: "\(plugins)/\(directory)")
    }
    try fm.moveItem(atPath: staging, toPath: path)
    return home
  }

  /// The directory names (`name-version`) under `plugins` of the applications reachable from
  /// ``roots`` through the `applications`, `included_applications` and `optional_applications` of
  /// their `.app` files. Applications not found there are OTP's own (kernel, mnesia, ssl …).
  static func neededApplications(in plugins: String) throws -> [String] {
    var directories: [String: String] = [:]
    for entry in try FileManager.default.contentsOfDirectory(atPath: plugins) {
      guard let dash = entry.lastIndex(of: "-") else { continue }
      directories[String(entry[..<dash])] = entry
    }
    var needed: Set<String> = []
    var pending = roots
    while let application = pending.popLast() {
      guard !needed.contains(application), let directory = directories[application] else { continue }
      needed.insert(application)
      let appFile = "\(plugins)/\(directory)/ebin/\(application).app"
      let text = try String(contentsOfFile: appFile, encoding: .utf8)
      for key in ["applications", "included_applications", "optional_applications"] {
        pending += listedApplications(key, in: text)
      }
    }
    return needed.compactMap { directories[$0] }.sorted()
  }

  /// The atoms in the list `{key, [a, b, 'c']}` of an Erlang `.app` file.
  static func listedApplications(_ key: String, in text: String) -> [String] {
    guard let keyRange = text.range(of: "{\(key),"),
      let open = text[keyRange.upperBound...].firstIndex(of: "["),
      let close = text[open...].firstIndex(of: "]")
    else { return [] }
    return text[text.index(after: open)..<close].split(separator: ",").map {
      $0.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "'")))
    }.filter { !$0.isEmpty }
  }
}
