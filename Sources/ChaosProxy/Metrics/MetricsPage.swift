/// `GET /metrics`: Toxiproxy's proxy metrics under its names and labels, ours beside them under
/// `chaos_`, and, with `-runtime-metrics`, the process metrics Prometheus clients export.
enum MetricsPage {
  static func render(_ proxies: [ProxyMetrics], runtime: ProcessMetrics?) -> String {
    var page = PrometheusText()
    let directions = ["upstream", "downstream"]
    func traffic(_ values: (ProxyMetrics) -> [Int]) -> [([(String, String)], Double)] {
      proxies.flatMap { proxy in
        directions.indices.map { index in
          (
            [
              ("direction", directions[index]), ("listener", proxy.listen), ("proxy", proxy.name),
              ("upstream", proxy.upstream),
            ], Double(values(proxy)[index])
          )
        }
      }
    }
    page.family(
      "toxiproxy_proxy_received_bytes_total", .counter,
      help: "Bytes received by the proxy from the source of each direction.", traffic(\.receivedBytes))
    page.family(
      "toxiproxy_proxy_sent_bytes_total", .counter,
      help: "Bytes sent by the proxy to the destination of each direction, after toxics.",
      traffic(\.sentBytes))

    func perProxy(_ value: (ProxyMetrics) -> Int) -> [([(String, String)], Double)] {
      proxies.map { ([("proxy", $0.name)], Double(value($0))) }
    }
    page.family(
      "chaos_proxy_enabled", .gauge, help: "1 when the proxy listens, 0 when it is disabled (cut).",
      perProxy { $0.enabled ? 1 : 0 })
    page.family(
      "chaos_proxy_links_open", .gauge, help: "Connections open through the proxy.", perProxy(\.openLinks))
    let perLoop = proxies.flatMap { proxy in
      proxy.openLinksPerLoop.enumerated().map {
        ([("proxy", proxy.name), ("loop", "\($0.offset)")], Double($0.element))
      }
    }
    if !perLoop.isEmpty {
      page.family(
        "chaos_proxy_links_open_per_loop", .gauge,
        help: "Connections open through the proxy on each loop thread (--threads N).", perLoop)
    }
    page.family(
      "chaos_proxy_links_accepted_total", .counter, help: "Client connections accepted.",
      perProxy(\.acceptedLinks))
    page.family(
      "chaos_proxy_upstream_connect_failures_total", .counter,
      help: "Client connections closed because the upstream could not be reached.", perProxy(\.failedConnects)
    )
    page.family(
      "chaos_proxy_attempts_refused_total", .counter,
      help: "Connection attempts accepted and reset while the proxy was cut.", perProxy(\.refusedAttempts))
    page.family("chaos_proxy_toxics", .gauge, help: "Toxics on the proxy.", perProxy(\.toxics))

    let tapped = proxies.compactMap { proxy in proxy.tap.map { (proxy.name, $0) } }
    page.family(
      "chaos_proxy_tap_events_total", .counter,
      help: "Protocol events the tap decoded (Redis commands, reply, error; AMQP methods).",
      tapped.flatMap { name, report in
        report.events.sorted { $0.key < $1.key }.map {
          ([("proxy", name), ("event", $0.key)], Double($0.value))
        }
      })
    let tapCounters: [(String, String, (TapReport) -> Int)] = [
      ("publishes", "AMQP messages published by clients.", \.publishes),
      ("deliveries", "AMQP messages delivered to clients.", \.deliveries),
      ("redeliveries", "AMQP deliveries flagged redelivered.", \.redeliveries),
      ("acks", "AMQP deliveries acked by clients.", \.acks),
      ("nacks", "AMQP deliveries nacked by clients.", \.nacks),
      ("rejects", "AMQP deliveries rejected by clients.", \.rejects),
      ("confirms", "AMQP publisher confirms from the broker.", \.confirms),
      ("unacked_at_close", "AMQP deliveries unsettled when their channel or link closed.", \.unackedAtClose),
      ("acked_twice", "AMQP settlements of a tag already settled.", \.ackedTwice),
      ("acked_unknown", "AMQP settlements of a tag never delivered.", \.ackedUnknown),
      ("replies", "Redis replies.", \.replies),
      ("errors", "Redis error replies.", \.errors),
    ]
    for (name, help, value) in tapCounters {
      page.family(
        "chaos_proxy_tap_\(name)_total", .counter, help: help,
        tapped.map { ([("proxy", $0.0)], Double(value($0.1))) })
    }
    page.family(
      "chaos_proxy_tap_unacked", .gauge, help: "AMQP deliveries not yet settled on open links.",
      tapped.map { ([("proxy", $0.0)], Double($0.1.unacked)) })

    if let runtime { runtime.write(to: &page) }
    return page.text
  }
}
