// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "chaos",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "chaos", targets: ["chaos"]),
    .executable(name: "chaos-worker", targets: ["chaos-worker"]),
    .library(name: "ChaosProxy", targets: ["ChaosProxy"]),
    .library(name: "Resilience", targets: ["Resilience"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
  ],
  targets: [
    // C libraries, reached through pkg-config. Only the thin wrapper files touch them.
    .systemLibrary(name: "CLibevent", pkgConfig: "libevent", providers: [.apt(["libevent-dev"])]),
    // hiredis without pkg-config: its .pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM refuses with a warning.
    .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
    .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),

    // Child processes: redis-server, rabbitmq-server (private node), workers. Used by the harness and the tests.
    // How a chaos process ends: standard streams that may be closed, signals that stop it.
    .target(name: "ProcessLifecycle"),
    // fork + PR_SET_PDEATHSIG + exec: children die with chaos, even on SIGKILL (posix_spawn cannot prctl).
    .target(name: "CChildSpawn"),
    .target(name: "LocalServices", dependencies: ["ProcessLifecycle", "CChildSpawn"]),
    // The fault-injection proxy: libevent engine, toxics, taps, Toxiproxy-compatible API.
    .target(name: "ChaosProxy", dependencies: ["CLibevent", "ProcessLifecycle"]),
    // The log vocabulary: event names and the seed's messages, shared by clients, workers and harness.
    .target(name: "LogVocabulary"),
    // SplitMix64: a scenario's seed draws the same sequence in the harness (the soak's faults) and in
    // `chaos-worker feed` (the workload's order and pacing).
    .target(name: "SeededRandom"),
    // The reconnection contract: settings, backoff, resilient Redis and AMQP clients, JSON logs.
    .target(
      name: "Resilience",
      dependencies: [
        "CHiredis", "CRabbitMQ", "LogVocabulary", .product(name: "Logging", package: "swift-log"),
      ]),
    // The job model, the four workers and the pipeline checker.
    .target(
      name: "Pipeline",
      dependencies: [
        "Resilience", "LogVocabulary", "ProcessLifecycle", "WorkerMetrics", "SeededRandom",
        .product(name: "Metrics", package: "swift-metrics"),
      ]),
    // A worker's /metrics and /healthz on METRICS_PORT: counters fed by its log lines, served by swift-prometheus
    // over a plain-socket HTTP server (no libevent in workers).
    .target(
      name: "WorkerMetrics",
      dependencies: [
        "LogVocabulary", .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]),
    // The .scn format: model, parser, validation with file:line:column errors.
    .target(name: "Scenario", dependencies: ["Yams"]),
    // Supervisor, timeline, workload, collectors, assertions, reports. It does not link Pipeline:
    // the built-in workers, their feed, their check and their settings are reached as `chaos-worker`
    // commands.
    .target(
      name: "Harness",
      dependencies: [
        "Scenario", "ChaosProxy", "LocalServices", "LogVocabulary", "ProcessLifecycle", "WorkerMetrics",
        "SeededRandom",
      ]),

    .executableTarget(
      name: "chaos",
      dependencies: [
        "Harness", "ChaosProxy", "Scenario", "ProcessLifecycle", "LocalServices",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "chaos-worker",
      dependencies: [
        "Pipeline", "ProcessLifecycle", "WorkerMetrics",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .testTarget(name: "LocalServicesTests", dependencies: ["LocalServices"]),
    .testTarget(name: "ChaosProxyTests", dependencies: ["ChaosProxy", "LocalServices"]),
    .testTarget(name: "ResilienceTests", dependencies: ["Resilience", "LocalServices"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "LocalServices", "WorkerMetrics"]),
    // Harness: the expectation kinds the parser reads `expect:` with (Checkers.kinds).
    .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Harness"]),
    // fixtures/: example .scn files read by path (#filePath), not compiled.
    .testTarget(
      name: "HarnessTests", dependencies: ["Harness", "LocalServices", "Pipeline", "WorkerMetrics"],
      exclude: ["fixtures"]
    ),
    // compose/: the compose file, the proxy config and the external scenario, checked without Docker.
    .testTarget(
      name: "ComposeTests",
      dependencies: ["Yams", "Resilience", "Pipeline", "Scenario", "Harness", "WorkerMetrics"]),
  ]
)

// libFuzzer targets (`make fuzz`), only when CHAOS_FUZZ is set: their `main` hands over to
// libFuzzer's driver, which exists only with `-sanitize=fuzzer`.
if Context.environment["CHAOS_FUZZ"] != nil {
  package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"))
  for (name, dependency) in [
    ("FuzzRESP", "ChaosProxy"), ("FuzzAMQP", "ChaosProxy"), ("FuzzAPIRequest", "ChaosProxy"),
    ("FuzzScenario", "Harness"),
  ] {
    package.targets.append(
      .executableTarget(
        name: name, dependencies: [.target(name: dependency), "CFuzzDriver"], path: "Fuzz/\(name)"))
  }
}
