import Foundation
import Scenario

/// The built-in workload of the pipeline (`workload: { jobs: N, rate: R }`) is `chaos-worker feed
/// N --rate R --seed S`, run as the workload command: the harness writes no key of the pipeline
/// itself. The feed goes straight to Redis (not through a proxy: the workload is not under test),
/// under the run's key prefix, paced from the run's time 0 (`--time-zero`, so that the moment it
/// takes to start does not delay the plan). The command reports each batch, which ``WorkloadCommand`` reads
/// into the journal (``FeedReport``), as it would from any workload command that reports so.
enum FeedLaunch {
  static func launch(
    _ workload: Workload, seed: UInt64, redis: any ManagedService, supervisor: Supervisor,
    workerBinary: String,
    timeZero: Date
  ) -> WorkerLaunch {
    var environment = supervisor.baseEnvironment(worker: nil)
    environment["REDIS_URL"] = "redis://\(redis.address)/0"
    environment["CHAOS_KEY_PREFIX"] = supervisor.keyPrefix
    var arguments = ["feed", String(workload.jobs), "--seed", String(seed)]
    if let rate = workload.rate { arguments += ["--rate", String(rate)] }
    arguments += ["--time-zero", String(timeZero.timeIntervalSince1970)]
    return WorkerLaunch(executable: workerBinary, arguments: arguments, environment: environment)
  }
}
