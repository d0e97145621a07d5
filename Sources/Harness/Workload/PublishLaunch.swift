import Foundation
import Scenario

/// The built-in AMQP publisher (`workload: { publish: … }`) is `chaos-worker publish`, run as the
/// workload command: the harness itself speaks no AMQP. It publishes through the proxy named by
/// `via` (or straight to the service), with the project's resilient client (confirms, reconnection).
enum PublishLaunch {
  static func launch(_ plan: PublishPlan, supervisor: Supervisor, workerBinary: String) -> WorkerLaunch {
    var environment = supervisor.baseEnvironment(worker: nil)
    let values = supervisor.placeholderValues
    let address =
      values["proxy.\(plan.via)"] ?? values["service.\(plan.via)"] ?? supervisor.service(of: .rabbitmq)?
      .address
      ?? "127.0.0.1:5672"
    environment["RABBITMQ_URL"] = "amqp://guest:guest@\(address)/%2F"
    var arguments = [
      "publish", "--messages", String(plan.messages), "--exchange", supervisor.resolve(plan.exchange),
      "--routing-key", supervisor.resolve(plan.routingKey),
    ]
    if let rate = plan.rate { arguments += ["--rate", String(rate)] }
    return WorkerLaunch(executable: workerBinary, arguments: arguments, environment: environment)
  }
}
