import Foundation
import Scenario

/// Samples the services' own view of their clients while the workload runs (the third witness):
/// every second, Redis `INFO clients` (`connected_clients`) and `CLIENT LIST` (the peers'
/// addresses, the sampler's own connection left out); every ``brokerInterval`` seconds, a private
/// RabbitMQ node's connection and consumer counts. Samples go to the journal (`serviceSamples`).
/// A service that does not answer is sampled as `clients: nil` (it is down).
final class ServiceSampler: @unchecked Sendable {
  static let interval = 1.0
  static let brokerInterval = 5.0

  private let services: [any ManagedService]
  private let journal: EventJournal
  private let lock = NSLock()
  private var stopped = false
  private var thread: Thread?
  private let done = DispatchSemaphore(value: 0)

  init(services: [any ManagedService], journal: EventJournal) {
    self.services = services
    self.journal = journal
  }

  func start() {
    let worker = Thread { [self] in
      var lastBroker = -Double.infinity
      while !isStopped {
        let now = journal.now()
        for service in services where service.kind == .redis {
          record(Self.redis(service, time: now))
        }
        if now - lastBroker >= Self.brokerInterval {
          lastBroker = now
          for case let service as LocalService in services where service.kind == .rabbitmq {
            let counts = service.brokerCounts()
            record(
              ServiceSample(
                time: journal.now(), service: service.name, clients: counts?.connections,
                consumers: counts?.consumers))
          }
        }
        Thread.sleep(forTimeInterval: Self.interval)
      }
      done.signal()
    }
    worker.name = "chaos-service-sampler"
    thread = worker
    worker.start()
  }

  private var isStopped: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  func stop() {
    lock.lock()
    stopped = true
    lock.unlock()
    if thread != nil { _ = done.wait(timeout: .now() + 15) }
  }

  private func record(_ sample: ServiceSample) {
    journal.update { journal in
      if journal.serviceSamples == nil { journal.serviceSamples = [] }
      journal.serviceSamples!.append(sample)
    }
  }

  static func redis(_ service: any ManagedService, time: Double) -> ServiceSample {
    guard let connection = try? RESPConnection(host: service.host, port: service.port, timeout: 0.5),
      (try? connection.command(["CLIENT", "SETNAME", "chaos-sampler"])) != nil,
      let list = try? connection.command(["CLIENT", "LIST"])
    else { return ServiceSample(time: time, service: service.name, clients: nil) }
    let addresses = list.split(separator: "\n").filter { !$0.contains(" name=chaos-sampler ") }.compactMap {
      line in
      line.split(separator: " ").first { $0.hasPrefix("addr=") }.map { String($0.dropFirst(5)) }
    }
    return ServiceSample(
      time: time, service: service.name, clients: addresses.count, addresses: addresses.sorted())
  }
}
