/// The scenario of DESIGN §4, word for word (with the `after: 20 deliveries on rabbitmq` step that
/// `scenarios/redis-restart.scn` leaves out until the proxy's AMQP tap exists).
enum DesignExample {
  static let text = #"""
    name: redis-restart
    about: Redis restarts under load; every job still completes exactly once.
    seed: 42
    deadline: 120s

    services:            # started by the harness on free loopback ports, in a temp dir
      redis: redis
      rabbitmq: rabbitmq
    proxies:
      redis: { to: redis }
      rabbitmq: { to: rabbitmq }
    workers: { scanner: 1, downloader: 2, translator: 2, consumer: 1 }
    settings:            # env given to every worker: the seed's variables, shortened for CI
      REDIS_HEALTH_CHECK_INTERVAL: 1
      REDIS_RECONNECT_INITIAL_DELAY: 0.2
      REDIS_RECONNECT_MAX_DELAY: 2
    workload: { jobs: 300, rate: 50/s }

    timeline:
      - at: 5s
        restart: redis
        down: 4s
      - at: 15s
        cut: rabbitmq
        for: 3s
      - at: 22s
        delay: redis
        latency: 300ms
        jitter: 50ms
        for: 5s
      - after: 20 deliveries on rabbitmq
        reset: rabbitmq

    expect:
      - jobs: all done
        within: 60s
      - duplicates: 0
      - lost: 0
      - acks: balanced          # each delivery acked or nacked exactly once; queues drained
      - log: Redis reconnection successful
        from: downloader
        after: 5s
      - log: Redis health check failed
        before: Redis reconnection successful
      - recovery: redis         # first successful operation after the service is back
        within: 3s
      - backoff: redis          # observed retry delays follow the configured schedule
    """#
}
