import Foundation
import LocalServices
import Scenario

/// Starts and stops everything a scenario runs: its services (private Redis / RabbitMQ on free
/// loopback ports, each in its own directory under the run's temp dir, or external ones), a proxy
/// in front of each service when a ``FaultInjector`` is given (with a protocol tap: `amqp` in
/// front of RabbitMQ, `resp` in front of Redis), and the workers as child processes.
///
/// Built-in workers are pointed at the proxies (or at the services when there are none) through
/// `REDIS_URL` / `RABBITMQ_URL`, get the scenario's `settings` plus their role's own environment,
/// and `CHAOS_KEY_PREFIX`; command workers get `settings` and their `env` with the placeholders
/// (``placeholderValues``) resolved. Restarting a service keeps its port and data. ``shutdown()`` stops
/// workers, proxies and services (and epmd) and waits for all of them.
public final class Supervisor: @unchecked Sendable {
  public let scenario: ScenarioModel
  public let directory: String
  public let keyPrefix: String
  private let journal: EventJournal
  private let faultInjector: (any FaultInjector)?
  private let workerBinary: String?
  private let sharedBroker: SharedBroker?
  private let privateBrokers: PrivateBrokerPool?
  private let lock = NSLock()
  /// Services running on a node of ``privateBrokers``, by name: stopped behind at ``shutdown()``.
  private var adopted: [String: PrivateBrokerPool.Node] = [:]
  private var services: [String: any ManagedService] = [:]
  private var serviceOrder: [String] = []
  private var workers: [WorkerInstance: any ManagedWorker] = [:]
  private var proxyPorts: [String: UInt16] = [:]
  /// Ties the proxies' link events to worker processes (the wire witness).
  private let attribution = LinkAttribution()

  /// - Parameters:
  ///   - directory: the run's temp dir (services keep their data in sub-directories).
  ///   - workerBinary: `chaos-worker`; only needed when the scenario has workers.
  ///   - sharedBroker: the suite's RabbitMQ node, used instead of a private one when it can serve
  ///     the scenario's RabbitMQ (``SharedBroker/canServe(_:in:)``).
  ///   - privateBrokers: the suite's nodes booted ahead, for a local RabbitMQ the shared node
  ///     cannot serve; when none is ready the scenario boots its own.
  public init(
    scenario: ScenarioModel, journal: EventJournal, directory: String, workerBinary: String?,
    faultInjector: (any FaultInjector)?, keyPrefix: String = "chaos:", sharedBroker: SharedBroker? = nil,
    privateBrokers: PrivateBrokerPool? = nil
  ) {
    self.scenario = scenario
    self.journal = journal
    self.directory = directory
    self.workerBinary = workerBinary
    self.faultInjector = faultInjector
    self.keyPrefix = keyPrefix
    self.sharedBroker = sharedBroker
    self.privateBrokers = privateBrokers
  }

  // MARK: services

  /// Starts every service at once and returns when each answers (PONG / AMQP `connection.start`).
  /// A private RabbitMQ node booted ahead (``PrivateBrokerPool``) is adopted as it is: it already
  /// answers; the scenario's temp dir links to its directory under the service's name.
  public func startServices() throws {
    var created: [any ManagedService] = []
    var notRunning: [any ManagedService] = []
    for declaration in scenario.services {
      let service: any ManagedService
      var running = false
      if let external = declaration.external {
        service = try ExternalService(
          name: declaration.name, kind: declaration.kind, address: external, commands: declaration.commands,
          directory: directory)
      } else if let sharedBroker, SharedBroker.canServe(declaration, in: scenario) {
        service = SharedRabbitMQService(name: declaration.name, broker: sharedBroker)
        journal.update { $0.sharedServices = ($0.sharedServices ?? []) + [declaration.name] }
      } else if declaration.kind == .rabbitmq, let node = privateBrokers?.take() {
        service = LocalService(name: declaration.name, running: node.server)
        lock.lock()
        adopted[declaration.name] = node
        lock.unlock()
        try? FileManager.default.createSymbolicLink(
          atPath: "\(directory)/\(declaration.name)", withDestinationPath: node.server.directory)
        journal.update { $0.prebootedServices = ($0.prebootedServices ?? []) + [declaration.name] }
        running = true
      } else {
        let home = "\(directory)/\(declaration.name)"
        service = try LocalService(name: declaration.name, kind: declaration.kind, directory: home)
      }
      created.append(service)
      if !running { notRunning.append(service) }
      lock.lock()
      services[declaration.name] = service
      serviceOrder.append(declaration.name)
      lock.unlock()
    }
    let errors = ErrorList()
    let toStart = notRunning
    InParallel.run(toStart.count) { index in
      do {
        try toStart[index].start()
      } catch {
        errors.append("\(toStart[index].name): \(error)")
      }
    }
    if !errors.items.isEmpty { throw HarnessError.couldNotRun(errors.items.joined(separator: "\n")) }
    for service in created {
      journal.update { $0.endpoints[service.name] = service.address }
    }
  }

  private func adoptedNode(_ name: String) -> PrivateBrokerPool.Node? {
    lock.lock()
    defer { lock.unlock() }
    return adopted[name]
  }

  public func service(_ name: String) -> (any ManagedService)? {
    lock.lock()
    defer { lock.unlock() }
    return services[name]
  }

  /// Every service, in the scenario's order.
  public var allServices: [any ManagedService] {
    lock.lock()
    defer { lock.unlock() }
    return serviceOrder.compactMap { services[$0] }
  }

  /// The service of a kind the workers use: the first one declared.
  public func service(of kind: ServiceKind) -> (any ManagedService)? {
    allServices.first { $0.kind == kind }
  }

  // MARK: proxies

  /// Creates one proxy per `proxies:` entry in front of its service.
  public func startProxies() throws {
    guard !scenario.proxies.isEmpty else { return }
    guard let faultInjector else {
      throw HarnessError.couldNotRun("the scenario declares proxies but this build has no proxy engine")
    }
    let journal = journal
    faultInjector.onDiagnostic { line in
      let time = journal.now()
      journal.update { $0.proxyLog.append(ProxyDiagnostic(time: time, text: line)) }
    }
    let attribution = attribution
    faultInjector.onLinkEvent { event in
      journal.record(link: attribution.record(event, time: journal.now()))
    }
    for proxy in scenario.proxies {
      guard let service = service(proxy.service) else {
        throw HarnessError.invalid("proxy \(proxy.name) is in front of unknown service \(proxy.service)")
      }
      let port = try faultInjector.createProxy(name: proxy.name, upstream: service.address)
      attribution.add(proxy: proxy.name, service: proxy.service, port: port)
      try faultInjector.enableTap(proxy: proxy.name, protocol: TapProtocolName(service: service.kind))
      lock.lock()
      proxyPorts[proxy.name] = port
      lock.unlock()
      journal.update { $0.endpoints["proxy \(proxy.name)"] = "127.0.0.1:\(port)" }
    }
  }

  /// Reads every proxy's tap ledger into the journal (`taps`). Called twice: after the check,
  /// while the workers still run (what is unacked then is held by a live worker: kept as
  /// `unackedAtCheck`), and once they have exited (`workersStopped`; the figures then cover every
  /// frame whose log line the journal has, and links still closing get up to 1 s). A proxy whose
  /// ledger cannot be read is noted in `errors`.
  public func recordTaps(workersStopped: Bool) {
    guard let faultInjector else { return }
    for proxy in scenario.proxies where proxyPort(proxy.name) != nil {
      do {
        var ledger = try faultInjector.tapLedger(
          proxy: proxy.name, service: proxy.service, time: journal.now())
        let waitUntil = Date().addingTimeInterval(1)
        while workersStopped && ledger.unacked > 0 && Date() < waitUntil {
          Thread.sleep(forTimeInterval: 0.02)
          ledger = try faultInjector.tapLedger(proxy: proxy.name, service: proxy.service, time: journal.now())
        }
        ledger.workersStopped = workersStopped
        let final = ledger
        journal.update { journal in
          var recorded = final
          recorded.unackedAtCheck =
            workersStopped
            ? journal.taps[proxy.name]?.unackedAtCheck ?? journal.taps[proxy.name]?.unacked : final.unacked
          journal.taps[proxy.name] = recorded
        }
      } catch {
        journal.error("could not read the tap of proxy \(proxy.name): \(error)")
      }
    }
  }

  /// The proxy's port, nil when the proxy does not exist.
  public func proxyPort(_ name: String) -> UInt16? {
    lock.lock()
    defer { lock.unlock() }
    return proxyPorts[name]
  }

  /// Where workers reach a service: through its first proxy, or directly.
  public func workerAddress(of service: any ManagedService) -> String {
    if let proxy = scenario.proxies.first(where: { $0.service == service.name }),
      let port = proxyPort(proxy.name)
    {
      return "127.0.0.1:\(port)"
    }
    return service.address
  }

  // MARK: workers

  /// What the placeholders of this run stand for: `proxy.NAME` (and `.host`, `.port`),
  /// `service.NAME` (also `.host`, `.port`), `run.prefix` and `run.dir`. Known once the services
  /// and proxies run.
  public var placeholderValues: [String: String] {
    var values = ["run.prefix": keyPrefix, "run.dir": directory]
    func add(_ key: String, host: String, port: UInt16) {
      values[key] = "\(host):\(port)"
      values[key + ".host"] = host
      values[key + ".port"] = String(port)
    }
    for service in allServices { add("service.\(service.name)", host: service.host, port: service.port) }
    for proxy in scenario.proxies {
      if let port = proxyPort(proxy.name) { add("proxy.\(proxy.name)", host: "127.0.0.1", port: port) }
    }
    return values
  }

  /// `text` with this run's placeholders replaced.
  public func resolve(_ text: String) -> String {
    Placeholder.resolve(text, with: placeholderValues)
  }

  /// The environment of a built-in worker of `role`: ours without REDIS_*/RABBITMQ_*/CHAOS_*
  /// variables, the scenario's `settings`, the role's `env`, the service URLs and the key prefix.
  /// `direct` points the URLs at the services themselves instead of the proxies (for the checker).
  public func workerEnvironment(role: WorkerRole, direct: Bool = false) -> [String: String] {
    var environment = baseEnvironment(worker: role.rawValue)
    if let redis = service(of: .redis) {
      environment["REDIS_URL"] = "redis://\(direct ? redis.address : workerAddress(of: redis))/0"
    }
    if let rabbit = service(of: .rabbitmq) {
      environment["RABBITMQ_URL"] =
        "amqp://guest:guest@\(direct ? rabbit.address : workerAddress(of: rabbit))/%2F"
    }
    environment["CHAOS_KEY_PREFIX"] = keyPrefix
    return environment
  }

  /// Ours without REDIS_*/RABBITMQ_*/CHAOS_* variables, then `settings`, then the worker's own
  /// `env` (none when `worker` is nil), placeholders resolved.
  public func baseEnvironment(worker: String?, extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { key, _ in
      !key.hasPrefix("REDIS_") && !key.hasPrefix("RABBITMQ_") && !key.hasPrefix("CHAOS_")
    }
    let values = placeholderValues
    for (key, value) in scenario.settings { environment[key] = Placeholder.resolve(value, with: values) }
    for declaration in scenario.workers where declaration.name == worker {
      for (key, value) in declaration.environment {
        environment[key] = Placeholder.resolve(value, with: values)
      }
    }
    for (key, value) in extra { environment[key] = Placeholder.resolve(value, with: values) }
    return environment
  }

  /// How a command (a command worker's, the workload's or the check's) is started in this run.
  public func launch(_ command: ProcessCommand, environment: [String: String]) -> WorkerLaunch {
    let values = placeholderValues
    return WorkerLaunch(
      executable: Placeholder.resolve(command.arguments[0], with: values),
      arguments: command.arguments.dropFirst().map { Placeholder.resolve($0, with: values) },
      workingDirectory: command.workingDirectory, environment: environment)
  }

  /// Starts `count` instances of every worker in `workers:`: `chaos-worker <role>` for a built-in
  /// role, the declared command for a command worker (through ``ChildProcess``, like every child),
  /// the `logs:` reader for an external one. A program that cannot be found is an error naming the
  /// scenario's `file:line:column`.
  public func startWorkers() throws {
    let declarations = scenario.workers.filter { $0.count > 0 }
    guard !declarations.isEmpty else { return }
    for declaration in declarations {
      for index in 1...declaration.count {
        let instance = WorkerInstance(declaration, index: index)
        let worker: any ManagedWorker
        if let role = declaration.role {
          guard let workerBinary else {
            throw HarnessError.couldNotRun("the scenario has built-in workers but no worker binary")
          }
          worker = WorkerProcess(
            instance: instance, executable: workerBinary,
            environment: try withMetricsPort(workerEnvironment(role: role)), journal: journal)
        } else if let command = declaration.command {
          var launch = launch(
            command, environment: try withMetricsPort(baseEnvironment(worker: declaration.name)))
          launch.stopSignal = WorkerLaunch.signal(named: declaration.stopSignal) ?? SIGTERM
          launch.grace = declaration.grace
          worker = WorkerProcess(instance: instance, launch: launch, journal: journal)
        } else {
          let external = declaration.external ?? ExternalWorker()
          worker = ExternalWorkerControl(
            instance: instance, logs: external.logs.map(resolve),
            commands: external.commands.mapValues(resolve),
            directory: directory, journal: journal)
        }
        lock.lock()
        workers[instance] = worker
        lock.unlock()
        attribution.setWorkers(allWorkers.compactMap { $0 as? WorkerProcess })
        do {
          try worker.start()
        } catch {
          let what = declaration.command.map { "`\($0.displayText)`" } ?? "its logs command"
          throw HarnessError.couldNotRun(
            "\(declaration.command?.location ?? declaration.location): worker \(instance.name): \(what) "
              + "could not start: \(error)")
        }
      }
    }
  }

  /// `environment` with a free `METRICS_PORT` of the instance's own when the scenario scrapes
  /// metrics (a value written in the file is replaced): built-in and command workers alike.
  private func withMetricsPort(_ environment: [String: String]) throws -> [String: String] {
    guard scenario.scrapesMetrics else { return environment }
    var environment = environment
    environment[ScenarioModel.metricsPortVariable] = String(try FreePort.allocate())
    return environment
  }

  public func worker(_ instance: WorkerInstance) -> (any ManagedWorker)? {
    lock.lock()
    defer { lock.unlock() }
    return workers[instance]
  }

  /// Instance `index` (1 when nil) of the worker named `name` (`celery`, `downloader`).
  public func worker(named name: String, index: Int? = nil) -> (any ManagedWorker)? {
    allWorkers.first { $0.instance.worker == name && $0.instance.index == (index ?? 1) }
  }

  /// SIGKILL instance `index` of worker `name` (or its `kill:` command) and start it again at once.
  public func killWorker(_ name: String, index: Int? = nil) throws -> any ManagedWorker {
    let worker = try existingWorker(name, index)
    worker.kill()
    if !(worker is ExternalWorkerControl) { try worker.start() }
    return worker
  }

  /// Graceful stop (the declared signal and grace), then a new process.
  public func restartWorker(_ name: String, index: Int? = nil) throws -> any ManagedWorker {
    let worker = try existingWorker(name, index)
    try worker.restart(grace: nil)
    return worker
  }

  /// Graceful stop; the instance stays down.
  public func stopWorker(_ name: String, index: Int? = nil) throws -> any ManagedWorker {
    let worker = try existingWorker(name, index)
    worker.stop(grace: nil)
    return worker
  }

  private func existingWorker(_ name: String, _ index: Int?) throws -> any ManagedWorker {
    guard let worker = worker(named: name, index: index) else {
      throw HarnessError.invalid("no worker \(name) instance \(index ?? 1)")
    }
    return worker
  }

  public var allWorkers: [any ManagedWorker] {
    lock.lock()
    defer { lock.unlock() }
    return workers.keys.sorted().compactMap { workers[$0] }
  }

  /// The processes the harness runs (not external workers).
  public var workerProcesses: [WorkerProcess] {
    allWorkers.compactMap { $0 as? WorkerProcess }
  }

  /// Each worker's graceful stop at once (its declared signal; SIGKILL after `grace`, or its own
  /// declared grace when nil); waits for all. External workers are left running (their log is no
  /// longer followed).
  public func stopWorkers(grace: Double? = nil) {
    let all = workerProcesses
    InParallel.run(all.count) { all[$0].stop(grace: grace) }
    for case let external as ExternalWorkerControl in allWorkers { external.shutdown() }
  }

  // MARK: the end

  /// Process ids of everything still running that the supervisor started.
  public var runningPids: [Int32] {
    allWorkers.compactMap(\.pid) + allServices.flatMap(\.pids)
  }

  /// Stops workers, proxies and services (epmd too) and waits for them; a node adopted from
  /// ``privateBrokers`` is handed to its stopper instead (the suite waits for it at its end).
  public func shutdown() {
    stopWorkers()
    faultInjector?.shutdown()
    let all = allServices
    let adoptedNodes = all.map { adoptedNode($0.name) }
    let privateBrokers = privateBrokers
    InParallel.run(all.count) { index in
      if let node = adoptedNodes[index], let privateBrokers {
        privateBrokers.stopBehind(node)
      } else {
        all[index].shutdown()
      }
    }
  }
}
