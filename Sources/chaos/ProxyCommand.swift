import ArgumentParser
import ChaosProxy
import Dispatch
import Foundation
import ProcessLifecycle

/// `chaos proxy`: the fault-injection proxy as a daemon, driven by its Toxiproxy-compatible API.
struct ProxyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "proxy",
    abstract: "Run the fault-injection proxy with a Toxiproxy-compatible HTTP API.",
    discussion: """
      Serves the Toxiproxy 2.x API until SIGINT or SIGTERM, then closes every link
      and exits 0: /proxies, /proxies/{name}, /proxies/{name}/toxics, /populate,
      /reset, /version, /metrics (Prometheus), and the extensions
      /proxies/{name}/links and /taps. Takes toxiproxy-server's flags as they are
      (-host, -port, -config, -seed, -proxy-metrics, -runtime-metrics, -version).
      Browsers are refused (403).

      --threads N runs N libevent loops, one thread each (default 1, the
      whole proxy on one thread): the first accepts and hands each new
      connection to the loops in turn, and a link stays on its loop until it
      closes. Toxics, taps, disable/cut/delete and the API act on the links of
      every loop; counters and /metrics sum them
      (chaos_proxy_links_open_per_loop shows the spread).

      Example:
        chaos proxy --port 8474 &
        curl -s -XPOST localhost:8474/proxies -d '{"name":"redis",
          "listen":"127.0.0.1:26379","upstream":"127.0.0.1:6379"}'
        curl -s -XPOST localhost:8474/proxies/redis/toxics \\
          -d '{"type":"latency","attributes":{"latency":100}}'
        redis-cli -p 26379 PING        # PONG after ~100 ms
        curl -s -XDELETE \\
          localhost:8474/proxies/redis/toxics/latency_downstream
        curl -s -XPATCH localhost:8474/proxies/redis -d '{"enabled":false}'

      --config takes a JSON array of proxies, like Toxiproxy's -config:
        [{"name":"redis","listen":"127.0.0.1:26379",
          "upstream":"127.0.0.1:6379"}]
      """)

  // Each option also takes toxiproxy-server's single-dash spelling (`-host`, `-port`, `-config`,
  // `-seed`, `-proxy-metrics`, `-runtime-metrics`, `-version`), so its start scripts work unchanged.

  @Option(name: [.long, .customLong("host", withSingleDash: true)], help: "Address the API listens on.")
  var host = "127.0.0.1"

  @Option(
    name: [.long, .customLong("port", withSingleDash: true)],
    help: "Port of the API (0: an ephemeral port, printed at start).")
  var port = 8474

  @Option(
    name: [.long, .customLong("config", withSingleDash: true)],
    help: "A JSON file with an array of proxies to create at start.")
  var config: String?

  @Option(
    name: [.long, .customLong("seed", withSingleDash: true)], parsing: .unconditional,
    help: "Seed of toxicity decisions, jitter and slice sizes (negative numbers too, as Toxiproxy's).")
  var seed: ProxySeed = ProxySeed(value: 1)

  @Option(
    name: [.long, .customLong("threads", withSingleDash: true)],
    help: "Loop threads that carry the links (a whole number, 1 or more).")
  var threads = "1"

  @Flag(
    name: [.long, .customLong("proxy-metrics", withSingleDash: true)],
    help: "Accepted for Toxiproxy: the proxy metrics of GET /metrics are always on.")
  var proxyMetrics = false

  @Flag(
    name: [.long, .customLong("runtime-metrics", withSingleDash: true)],
    help: "Add the process metrics (process_*) to GET /metrics.")
  var runtimeMetrics = false

  @Flag(
    name: [.long, .customLong("version", withSingleDash: true)],
    help: "Print the version of the API and exit.")
  var version = false

  func run() throws {
    guard (0...65535).contains(port) else {
      throw Self.fail("--port must be between 0 and 65535, got \(port)")
    }
    guard let loopThreads = Int(threads), loopThreads >= 1 else {
      throw Self.fail("--threads must be a whole number of 1 or more, got '\(threads)'")
    }
    if version {
      Self.say("chaos proxy version \(ProxyEngine.apiVersion)")
      return
    }
    let specs = try config.map(Self.loadConfig) ?? []
    let engine: ProxyEngine
    let bound: UInt16
    do {
      engine = try ProxyEngine(seed: seed.value, threads: loopThreads)
      bound = try engine.serveAPI(host: host, port: UInt16(port), runtimeMetrics: runtimeMetrics)
    } catch {
      throw Self.fail("cannot serve the API on \(host):\(port): \(error)")
    }
    do {
      try engine.populate(specs)
    } catch {
      engine.shutdown()
      throw Self.fail("cannot create the proxies of \(config ?? ""): \(error)")
    }
    Self.say("chaos proxy: API on http://\(host):\(bound)")
    if loopThreads > 1 { Self.say("chaos proxy: \(loopThreads) loop threads") }
    for proxy in engine.proxies() {
      Self.say(
        "chaos proxy: \(proxy.name) \(proxy.listen) -> \(proxy.upstream)\(proxy.enabled ? "" : " (disabled)")"
      )
    }
    let received = Self.waitForSignal()
    Self.say("chaos proxy: \(received == SIGINT ? "SIGINT" : "SIGTERM"), closing every link")
    engine.shutdown()
  }

  /// Unbuffered, so that a supervisor reading the pipe sees the line at once.
  private static func say(_ line: String) {
    StandardStream.output.write(line + "\n")
  }

  private static func loadConfig(_ path: String) throws -> [ProxySpec] {
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
    do {
      return try JSONDecoder().decode([ProxySpec].self, from: data)
    } catch {
      throw fail("\(path) is not a JSON array of proxies: \(error)")
    }
  }

  /// Waits for SIGINT or SIGTERM (dispatch signal sources; the default actions are turned off).
  private static func waitForSignal() -> Int32 {
    let received = SignalBox()
    let done = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        received.set(number)
        done.signal()
      }
      source.resume()
      sources.append(source)
    }
    done.wait()
    sources.forEach { $0.cancel() }
    return received.value
  }

  private static func fail(_ message: String) -> ExitCode {
    StandardStream.error.write("chaos proxy: \(message)\n")
    return ExitCode(2)
  }
}

private final class SignalBox: @unchecked Sendable {
  private let lock = NSLock()
  private var number: Int32 = SIGTERM

  func set(_ value: Int32) {
    lock.lock()
    number = value
    lock.unlock()
  }

  var value: Int32 {
    lock.lock()
    defer { lock.unlock() }
    return number
  }
}

/// `--seed`: an unsigned 64-bit number, or a negative one (Toxiproxy's seed is an int64), taken
/// by its bit pattern.
struct ProxySeed: ExpressibleByArgument {
  var value: UInt64

  init(value: UInt64) { self.value = value }

  init?(argument: String) {
    if let unsigned = UInt64(argument) {
      value = unsigned
    } else if let signed = Int64(argument) {
      value = UInt64(bitPattern: signed)
    } else {
      return nil
    }
  }

  var defaultValueDescription: String { "\(value)" }
}
