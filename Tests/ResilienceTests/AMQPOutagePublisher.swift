import Foundation

@testable import Resilience

/// Publishes `count` messages one after another while the broker is down, recording which were
/// confirmed and which threw.
final class AMQPOutagePublisher: @unchecked Sendable {
  private let client: AMQPClient
  private let exchange: String
  private let prefix: String
  private let count: Int
  private let lock = NSLock()
  private var confirmedBodies: Set<String> = []
  private var failedBodies: Set<String> = []
  private var call: AMQPBackgroundCall?

  init(client: AMQPClient, exchange: String, prefix: String, count: Int) {
    self.client = client
    self.exchange = exchange
    self.prefix = prefix
    self.count = count
  }

  func start() {
    call = AMQPBackgroundCall { [self] in
      for index in 0..<count {
        let text = "\(prefix)-\(index)"
        do {
          try client.publish(exchange: exchange, routingKey: "job.created", body: Data(text.utf8))
          record(text, confirmed: true)
        } catch {
          record(text, confirmed: false)
        }
      }
    }
  }

  private func record(_ text: String, confirmed: Bool) {
    lock.lock()
    if confirmed { confirmedBodies.insert(text) } else { failedBodies.insert(text) }
    lock.unlock()
  }

  func wait(timeout: Double) -> Bool { call?.wait(timeout: timeout) != nil }

  var confirmed: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return confirmedBodies
  }

  var failed: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return failedBodies
  }
}
