import Foundation
import WorkerMetrics

/// While a run lasts, reads every worker's `/metrics` (those with a `METRICS_PORT`) and the proxy
/// engine's metrics once per `interval`, into the journal (``EventJournal/record(scrape:)``: whole
/// in the event stream, with only the selected samples in memory).
public final class MetricsScraper: @unchecked Sendable {
  private let supervisor: Supervisor
  private let proxy: (any FaultInjector)?
  private let journal: EventJournal
  private let interval: Double
  private let stopped = NSCondition()
  private var isStopped = false
  private var thread: Thread?
  private let done = DispatchSemaphore(value: 0)

  public init(
    supervisor: Supervisor, proxy: (any FaultInjector)?, journal: EventJournal, interval: Double = 1
  ) {
    self.supervisor = supervisor
    self.proxy = proxy
    self.journal = journal
    self.interval = interval
    journal.update { $0.metrics = $0.metrics ?? [] }
  }

  public func start() {
    let thread = Thread { [self] in
      while true {
        scrapeOnce()
        stopped.lock()
        let deadline = Date().addingTimeInterval(interval)
        while !isStopped && Date() < deadline { _ = stopped.wait(until: deadline) }
        let stop = isStopped
        stopped.unlock()
        if stop { break }
      }
      done.signal()
    }
    thread.name = "chaos-metrics-scraper"
    self.thread = thread
    thread.start()
  }

  /// Stops the loop after one last scrape (taken before the workers are stopped).
  public func stop() {
    stopped.lock()
    let wasRunning = !isStopped && thread != nil
    isStopped = true
    stopped.signal()
    stopped.unlock()
    guard wasRunning else { return }
    done.wait()
    scrapeOnce()
  }

  /// One scrape of every source that answers; a worker between processes is skipped.
  public func scrapeOnce() {
    var scrapes: [MetricScrape] = []
    for worker in supervisor.workerProcesses {
      guard let port = worker.metricsPort, let pid = worker.pid,
        let answer = MetricsHTTPClient.get(port: port, path: "/metrics", timeout: 1), answer.status == 200
      else { continue }
      scrapes.append(
        MetricScrape(
          time: journal.now(), source: worker.instance.name, pid: pid,
          samples: PrometheusSample.parse(answer.body)))
    }
    if let proxy {
      let samples = PrometheusSample.parse(proxy.metricsText())
      if !samples.isEmpty {
        scrapes.append(
          MetricScrape(time: journal.now(), source: MetricScrape.proxySource, pid: nil, samples: samples))
      }
    }
    for scrape in scrapes { journal.record(scrape: scrape) }
  }
}
